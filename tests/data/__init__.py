"""Test data shared by the calc, parity and browser tests."""
