"""MicroPython's `decimal`: the part of CPython's `decimal` that calc uses, with the same results.

A number is a sign, a coefficient and an exponent: (-1)**sign × coefficient × 10**exponent, exactly as CPython's
Decimal. The coefficient is kept as its string of digits, not as an int: MicroPython turns a string of n digits
into an int (and back) in time proportional to n², and a request may carry a number of a million digits that must
be read, compared and refused in linear time. Arithmetic, which calc does only on validated numbers of a few dozen
digits, converts to int.

What is here: Decimal(str | int | Decimal); + - * / (with ints on either side); comparisons (MicroPython never
reflects one, so `0 < number` raises TypeError there: write `number > 0`); equal values hash equal, a whole number
as the int of the same value; quantize and to_integral_value with every rounding of the ROUND_* names; normalize;
adjusted; as_tuple; is_finite, is_nan, is_infinite, is_zero, is_signed; str, repr, int, float, bool, abs and
unary minus; NaN and ±Infinity as values that can be made, printed and tested (not computed with). The context
has `prec` and `rounding`, changed with getcontext() or localcontext(). Results of + - * / are rounded to `prec`
digits with the context's rounding, as CPython's are.

What is not: formatting with a spec (MicroPython never passes one to __format__), traps and flags, Emin/Emax and
subnormal numbers, signalling NaNs, underscores in number strings, Decimal(float), and the many other methods.
"""

ROUND_DOWN = "ROUND_DOWN"
ROUND_HALF_UP = "ROUND_HALF_UP"
ROUND_HALF_EVEN = "ROUND_HALF_EVEN"
ROUND_CEILING = "ROUND_CEILING"
ROUND_FLOOR = "ROUND_FLOOR"
ROUND_UP = "ROUND_UP"
ROUND_HALF_DOWN = "ROUND_HALF_DOWN"
ROUND_05UP = "ROUND_05UP"
_ROUNDINGS = (ROUND_DOWN, ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_CEILING, ROUND_FLOOR, ROUND_UP, ROUND_HALF_DOWN,
              ROUND_05UP)


class DecimalException(ArithmeticError):
    pass


class InvalidOperation(DecimalException):
    pass


class DivisionByZero(DecimalException):
    pass


class Context:
    """The arithmetic's precision (significant digits of each result) and rounding."""

    def __init__(self, prec=28, rounding=ROUND_HALF_EVEN):
        self.prec = prec
        self.rounding = rounding

    def copy(self):
        return Context(self.prec, self.rounding)

    def __repr__(self):
        return f"Context(prec={self.prec}, rounding={self.rounding})"


_current = [Context()]


def getcontext():
    return _current[0]


def setcontext(context):
    _current[0] = context


class localcontext:
    """`with localcontext() as context:` a copy of the current context, current until the block ends."""

    def __init__(self, ctx=None):
        self._context = (ctx or getcontext()).copy()
        self._saved = None

    def __enter__(self):
        self._saved = getcontext()
        setcontext(self._context)
        return self._context

    def __exit__(self, *exception):
        setcontext(self._saved)
        return False


class DecimalTuple:
    """What as_tuple() gives: sign, digits (a tuple of ints, made when asked for) and exponent."""

    def __init__(self, sign, coefficient, exponent):
        self.sign = sign
        self._coefficient = coefficient
        self.exponent = exponent

    @property
    def digits(self):
        return tuple(int(digit) for digit in self._coefficient)

    def __iter__(self):
        return iter((self.sign, self.digits, self.exponent))

    def __repr__(self):
        return f"DecimalTuple(sign={self.sign}, digits={self.digits}, exponent={self.exponent!r})"


def _all_digits(text):
    return bool(text) and not text.lstrip("0123456789")


def _incremented(digits):
    """The digit string of int(digits) + 1, without converting it to an int."""
    body = digits.rstrip("9")
    nines = len(digits) - len(body)
    if not body:
        return "1" + "0" * nines
    return body[:-1] + "0123456789"[int(body[-1]) + 1] + "0" * nines


def _rounded(digits, drop, rounding, negative, beyond=False):
    """`digits` without its last `drop` (> 0) digits, rounded by `rounding`; `beyond`: nonzero digits follow the
    given ones (a division's remainder)."""
    if drop > len(digits):
        kept, first, rest = "0", 0, digits != "0" or beyond
    else:
        kept = digits[:-drop] or "0"
        first = int(digits[-drop])
        rest = beyond or bool(digits[len(digits) - drop + 1:].strip("0"))
    if first == 0 and not rest:
        return kept  # exact
    if rounding == ROUND_HALF_EVEN:
        up = first > 5 or (first == 5 and (rest or int(kept[-1]) % 2 == 1))
    elif rounding == ROUND_HALF_UP:
        up = first >= 5
    elif rounding == ROUND_HALF_DOWN:
        up = first > 5 or (first == 5 and rest)
    elif rounding == ROUND_DOWN:
        up = False
    elif rounding == ROUND_UP:
        up = True
    elif rounding == ROUND_CEILING:
        up = not negative
    elif rounding == ROUND_FLOOR:
        up = negative
    elif rounding == ROUND_05UP:
        up = kept[-1] in "05"
    else:
        raise ValueError(f"unknown rounding {rounding!r}")
    return _incremented(kept) if up else kept


class Decimal:
    """An exact decimal number (see the module's docstring)."""

    __slots__ = ("_digits", "_exp", "_sign", "_special")

    def __init__(self, value="0"):
        self._special = ""  # "", "NaN" or "Infinity"
        if isinstance(value, Decimal):
            self._sign, self._digits, self._exp, self._special = value._sign, value._digits, value._exp, value._special
        elif isinstance(value, int):  # bool included, as in CPython
            self._sign = 1 if value < 0 else 0
            self._digits = str(int(-value if value < 0 else value))
            self._exp = 0
        elif isinstance(value, str):
            self._read(value)
        else:
            raise TypeError(f"conversion from {type(value).__name__} to Decimal is not supported")

    def _read(self, value):
        text = value.strip()
        self._sign = 1 if text.startswith("-") else 0
        if text[:1] in ("-", "+"):
            text = text[1:]
        self._digits, self._exp = "0", 0
        special = text.lower()
        if special in ("inf", "infinity"):
            self._special = "Infinity"
            return
        if special == "nan":
            self._special = "NaN"
            return
        mantissa, exponent = text, "0"
        for marker in "eE":
            if marker in text:
                mantissa, _, exponent = text.partition(marker)
                break
        whole, _, fraction = mantissa.partition(".")
        exponent_digits = exponent[1:] if exponent[:1] in ("-", "+") else exponent
        valid = ((_all_digits(whole) or _all_digits(fraction)) and (not whole or _all_digits(whole))
                 and (not fraction or _all_digits(fraction)) and _all_digits(exponent_digits))
        # An exponent of 19 digits or more: CPython's Decimal refuses it too.
        if not valid or len(exponent_digits.lstrip("0")) > 18:
            raise InvalidOperation(f"invalid literal for Decimal: {value[:40]!r}")
        self._digits = (whole + fraction).lstrip("0") or "0"
        self._exp = int(exponent) - len(fraction)

    @classmethod
    def _make(cls, sign, digits, exp):
        number = object.__new__(cls)
        number._sign, number._digits, number._exp, number._special = sign, digits, exp, ""
        return number

    def _fitted(self):
        """This number rounded to the context's precision."""
        context = getcontext()
        drop = len(self._digits) - context.prec
        if self._special or drop <= 0:
            return self
        digits = _rounded(self._digits, drop, context.rounding, self._sign == 1)
        exp = self._exp + drop
        if len(digits) > context.prec:  # 99.9 rounded up to 100: one digit too many, and it is a zero
            digits, exp = digits[:-1], exp + 1
        return Decimal._make(self._sign, digits, exp)

    # ---------------------------------------------------------------------------------------------- queries

    def is_finite(self):
        return not self._special

    def is_nan(self):
        return self._special == "NaN"

    def is_infinite(self):
        return self._special == "Infinity"

    def is_zero(self):
        return not self._special and self._digits == "0"

    def is_signed(self):
        return self._sign == 1

    def adjusted(self):
        """The exponent of the most significant digit (0 for NaN and Infinity)."""
        return 0 if self._special else self._exp + len(self._digits) - 1

    def as_tuple(self):
        if self._special:
            return DecimalTuple(self._sign, "" if self._special == "NaN" else "0",
                                "n" if self._special == "NaN" else "F")
        return DecimalTuple(self._sign, self._digits, self._exp)

    def _coefficient(self):
        if self._special:
            raise InvalidOperation(f"{self} in arithmetic")
        value = int(self._digits)
        return -value if self._sign else value

    # ---------------------------------------------------------------------------------------------- text

    def __str__(self):
        sign = "-" if self._sign else ""
        if self._special:
            return sign + self._special
        digits, exp = self._digits, self._exp
        adjusted = exp + len(digits) - 1
        if exp <= 0 and adjusted >= -6:
            if exp == 0:
                return sign + digits
            point = len(digits) + exp
            if point > 0:
                return sign + digits[:point] + "." + digits[point:]
            return sign + "0." + "0" * -point + digits
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return sign + mantissa + "E" + ("+" if adjusted >= 0 else "") + str(adjusted)

    def __repr__(self):
        return f"Decimal('{self}')"

    # ---------------------------------------------------------------------------------------------- conversions

    def __int__(self):
        if self._special:
            raise (ValueError if self._special == "NaN" else OverflowError)(f"cannot convert {self} to integer")
        whole = self._digits + "0" * self._exp if self._exp >= 0 else self._digits[:self._exp]
        magnitude = int(whole or "0")
        return -magnitude if self._sign else magnitude

    def __float__(self):
        if self._special == "NaN":
            return float("nan")
        return float(str(self))

    def __bool__(self):
        return bool(self._special) or self._digits != "0"

    # ---------------------------------------------------------------------------------------------- comparison

    @staticmethod
    def _operand(other):
        if isinstance(other, Decimal):
            return other
        if isinstance(other, int):
            return Decimal(other)
        return None

    def _compare(self, other):
        """-1, 0 or 1 as self is less than, equal to or greater than other (finite or infinite)."""
        if self._special == "NaN" or other._special == "NaN":
            raise InvalidOperation("comparison with NaN")
        mine, theirs = self._signum(), other._signum()
        if mine != theirs:
            return -1 if mine < theirs else 1
        if mine == 0:
            return 0
        magnitude = self._compare_magnitude(other)
        return magnitude if mine > 0 else -magnitude

    def _signum(self):
        if not self._special and self._digits == "0":
            return 0
        return -1 if self._sign else 1

    def _compare_magnitude(self, other):
        if self._special or other._special:
            return (self._special != "") - (other._special != "")
        mine, theirs = self.adjusted(), other.adjusted()
        if mine != theirs:
            return -1 if mine < theirs else 1
        # Same leading position: the digit strings, padded to one length, compare as the numbers do.
        width = max(len(self._digits), len(other._digits))
        left = self._digits + "0" * (width - len(self._digits))
        right = other._digits + "0" * (width - len(other._digits))
        return (left > right) - (left < right)

    def __eq__(self, other):
        other = self._operand(other)
        if other is None:
            return NotImplemented
        if self._special == "NaN" or other._special == "NaN":
            return False
        return self._compare(other) == 0

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __lt__(self, other):
        other = self._operand(other)
        return NotImplemented if other is None else self._compare(other) < 0

    def __le__(self, other):
        other = self._operand(other)
        return NotImplemented if other is None else self._compare(other) <= 0

    def __gt__(self, other):
        other = self._operand(other)
        return NotImplemented if other is None else self._compare(other) > 0

    def __ge__(self, other):
        other = self._operand(other)
        return NotImplemented if other is None else self._compare(other) >= 0

    def __hash__(self):
        if self._special:
            return hash(self._special)
        if self._digits == "0":
            return 0
        digits = self._digits.rstrip("0")
        exp = self._exp + len(self._digits) - len(digits)
        if exp >= 0 and len(digits) + exp <= 1000:  # a whole number: hashes as the int of the same value, as in CPython
            return hash(int(self))
        return hash((self._sign, digits, exp))

    # ---------------------------------------------------------------------------------------------- arithmetic

    def __neg__(self):
        if self._special:
            return Decimal._special_value(1 - self._sign, self._special)
        sign = 0 if self._digits == "0" else 1 - self._sign  # minus zero is zero, as in CPython
        return Decimal._make(sign, self._digits, self._exp)._fitted()

    def __pos__(self):
        if self._special:
            return self
        return Decimal._make(0 if self._digits == "0" else self._sign, self._digits, self._exp)._fitted()

    def __abs__(self):
        if self._special:
            return Decimal._special_value(0, self._special)
        return Decimal._make(0, self._digits, self._exp)._fitted()

    @staticmethod
    def _special_value(sign, special):
        number = Decimal()
        number._sign, number._special = sign, special
        return number

    @staticmethod
    def _from_int(value, exp, zero_sign=0):
        if value == 0:
            return Decimal._make(zero_sign, "0", exp)._fitted()
        return Decimal._make(1 if value < 0 else 0, str(abs(value)), exp)._fitted()

    def __add__(self, other):
        other = self._operand(other)
        if other is None:
            return NotImplemented
        exp = min(self._exp, other._exp)
        total = (self._coefficient() * 10 ** (self._exp - exp) + other._coefficient() * 10 ** (other._exp - exp))
        # An exact zero sum is negative when both terms are (-0 + -0), or when they differ and rounding is floor.
        floor = getcontext().rounding == ROUND_FLOOR
        return Decimal._from_int(total, exp, self._sign & other._sign or (floor and self._sign != other._sign))

    __radd__ = __add__

    def __sub__(self, other):
        other = self._operand(other)
        if other is None:
            return NotImplemented
        return self.__add__(Decimal._make(1 - other._sign, other._digits, other._exp)
                            if not other._special else -other)

    def __rsub__(self, other):
        other = self._operand(other)
        if other is None:
            return NotImplemented
        return other.__sub__(self)

    def __mul__(self, other):
        other = self._operand(other)
        if other is None:
            return NotImplemented
        return Decimal._from_int(self._coefficient() * other._coefficient(), self._exp + other._exp,
                                 self._sign ^ other._sign)

    __rmul__ = __mul__

    def __truediv__(self, other):
        other = self._operand(other)
        if other is None:
            return NotImplemented
        dividend, divisor = self._coefficient(), other._coefficient()
        sign = self._sign ^ other._sign
        ideal = self._exp - other._exp  # the exponent of an exact quotient, as far as its digits allow
        if divisor == 0:
            raise (InvalidOperation if dividend == 0 else DivisionByZero)("division by zero")
        if dividend == 0:
            return Decimal._make(sign, "0", ideal)
        dividend, divisor = abs(dividend), abs(divisor)
        prec = getcontext().prec
        # Enough digits for prec + 1 significant digits of quotient: the last decides the rounding with the remainder.
        shift = max(0, prec + 1 + len(str(divisor)) - len(str(dividend)))
        quotient, remainder = divmod(dividend * 10 ** shift, divisor)
        exp = ideal - shift
        if remainder == 0:
            while exp < ideal and quotient % 10 == 0:
                quotient //= 10
                exp += 1
        digits = str(quotient)
        drop = len(digits) - prec
        if drop > 0:
            digits = _rounded(digits, drop, getcontext().rounding, sign == 1, remainder != 0)
            exp += drop
            if len(digits) > prec:
                digits, exp = digits[:-1], exp + 1
        return Decimal._make(sign, digits, exp)

    def __rtruediv__(self, other):
        other = self._operand(other)
        if other is None:
            return NotImplemented
        return other.__truediv__(self)

    # ---------------------------------------------------------------------------------------------- rounding

    def quantize(self, exp, rounding=None):
        """This number with the exponent of `exp`, rounded by `rounding` (the context's if None);
        InvalidOperation if the result would have more digits than the context's precision."""
        exp = self._operand(exp)
        if exp is None:
            raise TypeError("quantize needs a Decimal or an int")
        if self._special or exp._special:
            raise InvalidOperation("quantize of NaN or Infinity")
        target = exp._exp
        prec = getcontext().prec
        if target < self._exp:
            if self._digits != "0" and len(self._digits) + self._exp - target > prec:
                raise InvalidOperation("quantize result has too many digits for the context")
            digits = self._digits if self._digits == "0" else self._digits + "0" * (self._exp - target)
        elif target > self._exp:
            digits = _rounded(self._digits, target - self._exp, rounding or getcontext().rounding, self._sign == 1)
            if len(digits) > prec:
                raise InvalidOperation("quantize result has too many digits for the context")
        else:
            digits = self._digits
            if len(digits) > prec:
                raise InvalidOperation("quantize result has too many digits for the context")
        return Decimal._make(self._sign, digits, target)

    def to_integral_value(self, rounding=None):
        """The nearest whole number by `rounding` (the context's if None); exponent 0 unless already whole."""
        if self._special or self._exp >= 0:
            return self
        digits = _rounded(self._digits, -self._exp, rounding or getcontext().rounding, self._sign == 1)
        return Decimal._make(self._sign, digits, 0)

    def normalize(self):
        """The same value rounded to the context's precision, with no trailing zeros ("0" for any zero)."""
        if self._special:
            return self
        fitted = self._fitted()
        if fitted._digits == "0":
            return Decimal._make(fitted._sign, "0", 0)
        digits = fitted._digits.rstrip("0")
        return Decimal._make(fitted._sign, digits, fitted._exp + len(fitted._digits) - len(digits))
