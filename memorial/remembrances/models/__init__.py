from .candles import CandleCount, CandleLit

__all__ = ["CandleCount", "CandleLit"]
