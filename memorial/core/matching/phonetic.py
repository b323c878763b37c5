"""Daitch–Mokotoff Soundex, the phonetic code JewishGen uses to match surnames across spellings.

Each word becomes one or more six-digit codes; letter groups with two possible sounds (CH, CK,
C, J, RS, RZ) yield one code per reading. The table is the coding chart in JewishGen's public
description ("Soundex Coding", jewishgen.org/InfoFiles/soundex.html); only its ASCII rows are
used (not Ą, Ę, Ţ), since callers transliterate first.
"""

# group(s) : at start of name : before a vowel : any other situation  ("|" = alternatives)
_CHART = """
AI AJ AY:0:1:
AU:0:7:
A:0::
B:7:7:7
CHS:5:54:54
CH:5|4:5|4:5|4
CK:5|45:5|45:5|45
CZ CS CSZ CZS:4:4:4
C:5|4:5|4:5|4
DRZ DRS:4:4:4
DS DSH DSZ:4:4:4
DZ DZH DZS:4:4:4
D DT:3:3:3
EI EJ EY:0:1:
EU:1:1:
E:0::
FB F:7:7:7
G:5:5:5
H:5:5:
IA IE IO IU:1::
I:0::
J:1|4:|4:|4
KS:5:54:54
KH K:5:5:5
L:8:8:8
MN NM:66:66:66
M N:6:6:6
OI OJ OY:0:1:
O:0::
P PF PH:7:7:7
Q:5:5:5
R:9:9:9
RS RZ:94|4:94|4:94|4
SCHTSCH SCHTSH SCHTCH:2:4:4
SCH:4:4:4
SHTCH SHCH SHTSH:2:4:4
SHT SCHT SCHD:2:43:43
SH:4:4:4
STCH STSCH SC:2:4:4
STRZ STRS STSH:2:4:4
ST:2:43:43
SZCZ SZCS:2:4:4
SZT SHD SZD SD:2:43:43
SZ S:4:4:4
TCH TTCH TTSCH:4:4:4
TH:3:3:3
TRZ TRS:4:4:4
TSCH TSH:4:4:4
TS TTS TTSZ TC:4:4:4
TZ TTZ TZS TSZ:4:4:4
T:3:3:3
UI UJ UY:0:1:
U UE:0::
V W:7:7:7
X:5:54:54
Y:1::
ZDZ ZDZH ZHDZH:2:4:4
ZD ZHD:2:43:43
ZH ZS ZSCH ZSH:4:4:4
Z:4:4:4
"""


def _parse(chart: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    table = {}
    for line in chart.strip().splitlines():
        groups, *columns = line.split(":")
        codings = tuple(tuple(column.split("|")) for column in columns)
        for group in groups.split():
            table[group] = codings
    return table


CHART = _parse(_CHART)
VOWELS = frozenset("AEIOUY")
CODE_LENGTH = 6
MAX_LETTERS = 64
MAX_CODES = 32
_LONGEST = max(map(len, CHART))


def _codings(letters: str):
    """Yield the alternative codes of each longest-matching chart group, left to right."""
    i = 0
    while i < len(letters):
        for size in range(min(_LONGEST, len(letters) - i), 0, -1):
            group = letters[i : i + size]
            if group in CHART:
                break
        at_start, before_vowel, otherwise = CHART[group]
        nxt = i + size
        if i == 0:
            yield at_start
        elif nxt < len(letters) and letters[nxt] in VOWELS:
            yield before_vowel
        else:
            yield otherwise
        i = nxt


def daitch_mokotoff(name: str) -> set[str]:
    """All Daitch–Mokotoff codes (six digits each) for one word; empty set when it has no
    Latin letters."""
    letters = "".join(c for c in name.upper() if "A" <= c <= "Z")[:MAX_LETTERS]
    if not letters:
        return set()
    # A branch is (digits so far, code of the previous group). A code the previous one ends
    # with is written once (S after KS: 54, not 544); an uncoded group separates them.
    branches: dict[tuple[str, str], None] = {("", ""): None}
    for alternatives in _codings(letters):
        if len(branches) * len(alternatives) > MAX_CODES:
            alternatives = alternatives[:1]
        extended: dict[tuple[str, str], None] = {}
        for digits, previous in branches:
            for code in alternatives:
                if code and not previous.endswith(code):
                    new = (digits + code)[:CODE_LENGTH]
                else:
                    new = digits
                last = code if len(new) < CODE_LENGTH else ""
                extended[(new, last)] = None
        branches = extended
        if all(len(digits) == CODE_LENGTH for digits, _ in branches):
            break
    return {digits.ljust(CODE_LENGTH, "0") for digits, _ in branches}
