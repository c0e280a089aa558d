"""The one exception type the `kg` command turns into a one-line message and a non-zero exit."""


class KgError(Exception):
    """A user-facing failure: bad input, a violated shape, an inconsistency, a missing store.

    The message must be one line that names the file, line or node at fault.
    """
