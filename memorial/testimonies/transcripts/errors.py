"""Problems found in a transcript file, each tied to the line where it was found."""

from dataclasses import dataclass

# More than this many problems means the wrong file (or the wrong format) was chosen;
# listing every one would only bury the first few, which are the useful ones.
MAX_REPORTED_ERRORS = 50


@dataclass(frozen=True)
class LineError:
    line: int | None  # None: a problem with the whole file (too large, no cues)
    reason: str

    def __str__(self):
        return self.reason if self.line is None else f"line {self.line}: {self.reason}"


class TranscriptError(ValueError):
    """The file was rejected whole: nothing from it is imported."""

    @classmethod
    def single(cls, line: int | None, reason: str) -> "TranscriptError":
        return cls([LineError(line, reason)])

    def __init__(self, errors: list[LineError], more: int = 0):
        self.errors = errors
        self.more = more
        super().__init__("; ".join(self.messages()))

    def messages(self) -> list[str]:
        messages = [str(error) for error in self.errors]
        if self.more:
            messages.append(f"… and {self.more} more problem(s) not listed.")
        return messages


class ErrorCollector:
    """Gathers problems up to MAX_REPORTED_ERRORS and counts the rest."""

    def __init__(self):
        self.errors: list[LineError] = []
        self.more = 0

    def add(self, line: int | None, reason: str):
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(LineError(line, reason))
        else:
            self.more += 1

    def __bool__(self):
        return bool(self.errors)

    def raise_if_any(self):
        if self.errors:
            raise TranscriptError(self.errors, self.more)
