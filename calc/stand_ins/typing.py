"""MicroPython stand-in for the names calc imports from `typing`. MicroPython does not evaluate annotations, so
each name only has to exist, and to accept a subscript (`Literal["m2"]`) where a type alias is built at import."""

TYPE_CHECKING = False


class _Form:
    """A typing name: subscripting it gives it back."""

    def __init__(self, name):
        self._name = name

    def __getitem__(self, parameters):
        return self

    def __repr__(self):
        return "typing." + self._name


Any = _Form("Any")
Callable = _Form("Callable")
ClassVar = _Form("ClassVar")
Final = _Form("Final")
Iterable = _Form("Iterable")
Iterator = _Form("Iterator")
Literal = _Form("Literal")
Mapping = _Form("Mapping")
Optional = _Form("Optional")
Sequence = _Form("Sequence")
Union = _Form("Union")


def cast(kind, value):
    return value
