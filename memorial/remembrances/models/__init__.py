from .candles import CandleCount, CandleLit
from .remembrance import RemembrancePage, RemembrancePhoto
from .submissions import Submission, SubmissionKind, SubmissionStatus

__all__ = [
    "CandleCount",
    "CandleLit",
    "RemembrancePage",
    "RemembrancePhoto",
    "Submission",
    "SubmissionKind",
    "SubmissionStatus",
]
