from .candles import CandleCount, CandleLit
from .submissions import Submission, SubmissionKind, SubmissionStatus

__all__ = ["CandleCount", "CandleLit", "Submission", "SubmissionKind", "SubmissionStatus"]
