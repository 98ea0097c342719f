"""The one error a user sees: it names the file or record and says what is wrong."""


class CivicspaceError(Exception):
    """A failure caused by input or configuration, reported as one line and a non-zero exit."""

    exit_code = 1
