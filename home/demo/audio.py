"""A tiny generated recording: a few seconds of a soft, fading tone (8 kHz mono WAV)."""

import io
import math
import struct
import wave

RATE = 8000


def soft_tone(seconds: float = 12.0, frequency: float = 220.0, volume: float = 0.12) -> bytes:
    """A quiet sine tone with a slow swell and fade, so a player has something to play."""
    frames = int(RATE * seconds)
    fade = RATE * 2
    samples = bytearray()
    for i in range(frames):
        envelope = min(1.0, i / fade, (frames - i) / fade)
        wobble = 1 + 0.003 * math.sin(2 * math.pi * 0.5 * i / RATE)
        value = volume * envelope * math.sin(2 * math.pi * frequency * wobble * i / RATE)
        samples += struct.pack("<h", int(value * 32767))
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(bytes(samples))
    return out.getvalue()


def duration_of(data: bytes) -> float:
    with wave.open(io.BytesIO(data), "rb") as wav:
        return wav.getnframes() / wav.getframerate()
