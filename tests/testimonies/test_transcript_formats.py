"""Reading WebVTT and SubRip transcripts, rejecting bad files whole, writing WebVTT."""

import pytest

from memorial.testimonies.models import TranscriptSegment
from memorial.testimonies.transcripts import (
    MAX_CUES,
    MAX_FILE_BYTES,
    TranscriptError,
    format_from_name,
    parse_srt,
    parse_webvtt,
    write_webvtt,
)


def errors_of(parse, text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(TranscriptError) as caught:
        parse(data)
    return caught.value.messages()


def cue_tuples(cues):
    return [(c.start_seconds, c.end_seconds, c.speaker, c.text) for c in cues]


# WebVTT in ----------------------------------------------------------------------------


def test_webvtt_voice_tags_give_speakers_and_line_breaks_are_kept():
    cues = parse_webvtt(
        b"WEBVTT\n\n"
        b"00:00:01.000 --> 00:00:04.000\n<v Maren Oskeli>We lived by the mill.\nEvery spring.\n\n"
        b"00:00:05.000 --> 00:00:07.000\n<v.loud Interviewer>And then?</v>\n"
    )
    assert cue_tuples(cues) == [
        (1, 4, "Maren Oskeli", "We lived by the mill.\nEvery spring."),
        (5, 7, "Interviewer", "And then?"),
    ]


def test_webvtt_markup_is_stripped_and_character_references_decoded():
    (cue,) = parse_webvtt(
        b"WEBVTT\n\n00:01.000 --> 00:02.000\n"
        b"<i>Bread</i> &amp; <b>salt</b>, <c.yellow>1 &lt; 2</c> <00:00:01.500>"
        b"<lang en>then</lang> <ruby>a<rt>b</rt></ruby> <script>x</script>\n"
    )
    assert cue.text == "Bread & salt, 1 < 2 then ab x"
    assert cue.speaker == ""


def test_a_cue_with_several_voices_becomes_one_passage_per_voice():
    cues = parse_webvtt(b"WEBVTT\n\n00:10.000 --> 00:12.000\n<v A>Who was there?\n<v B>Nobody.\n")
    assert cue_tuples(cues) == [(10, 12, "A", "Who was there?"), (10, 12, "B", "Nobody.")]


def test_webvtt_bom_crlf_blocks_identifiers_and_optional_hours_are_accepted():
    text = (
        "\ufeffWEBVTT Fictional interview\r\nKind: captions\r\n\r\n"
        "NOTE recorded for the demo\r\nover two lines\r\n\r\n"
        "STYLE\r\n::cue { color: white }\r\n\r\n"
        "REGION\r\nid:left width:40%\r\n\r\n\r\n\r\n"
        "intro-1\r\n00:01.250 --> 00:03.750 align:start line:0\r\n<v Narrator>First words.\r\n"
        "\r\n   \r\n"
        "01:00:00.000 --> 01:00:02.001\r\nLast words.\r\n"
    )
    cues = parse_webvtt(text.encode())
    # Whole seconds, rounded outwards: start = floor, end = ceil.
    assert cue_tuples(cues) == [(1, 4, "Narrator", "First words."), (3600, 3603, "", "Last words.")]
    assert [cue.line for cue in cues] == [16, 20]  # the timing lines


def test_webvtt_cue_directly_after_the_header_is_read():
    cues = parse_webvtt(b"WEBVTT\n00:01.000 --> 00:02.000\nStraight away.\n")
    assert cue_tuples(cues) == [(1, 2, "", "Straight away.")]


def test_lone_carriage_returns_count_as_line_breaks():
    cues = parse_webvtt(b"WEBVTT\r\r00:01.000 --> 00:02.000\rOne\rTwo\r")
    assert cues[0].text == "One\nTwo"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("00:01.000 --> 00:02.000\nNo header.\n", "line 1: a WebVTT file must begin"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nfine\n\n0:01.000 --> 00:02.000\nx\n", "line 6: bad"),
        ("WEBVTT\n\n00:01.000 --> 00:02,000\nComma.\n", "line 3: bad timestamp '00:02,000'"),
        ("WEBVTT\n\n00:01:60.000 --> 00:01:61.000\nx\n", "line 3: bad timestamp '00:01:60.000'"),
        ("WEBVTT\n\n\n00:05.000 --> 00:04.000\nBackwards.\n", "line 4: the cue ends at"),
        ("WEBVTT\n\n00:05.000 --> 00:05.000\nNo length.\n", "line 3: the cue ends at"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\n\n", "line 3: the cue has no text"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\n<i></i>\n", "line 3: the cue has no text"),
        ("WEBVTT\n\nid\nnot a timing line\ntext\n", "line 3: expected a cue"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\na\n00:03.000 --> 00:04.000\nb\n", "line 5: cue text"),
        (f"WEBVTT\n\n00:01.000 --> 00:02.000\n<v {'N' * 101}>x\n", "line 3: the speaker's name"),
        ("WEBVTT\n\n1000:00:00.001 --> 1000:00:01.000\nx\n", "line 3: a time beyond"),
        ("WEBVTT\n\nNOTE only a comment\n", "the file holds no cues"),
        ("", "line 1: a WebVTT file must begin"),
    ],
)
def test_malformed_webvtt_is_rejected_naming_the_line(text, expected):
    messages = errors_of(parse_webvtt, text)
    assert any(message.startswith(expected) for message in messages), messages


def test_every_problem_is_listed_not_only_the_first():
    messages = errors_of(
        parse_webvtt,
        "WEBVTT\n\n00:02.000 --> 00:01.000\nBackwards.\n\n"
        "00:03.000 --> 00:04.000\nFine.\n\n"
        "00:0x.000 --> 00:06.000\nBad.\n\n"
        "00:07.000 --> 00:08.000\n\n",
    )
    assert [message.split(":")[0] for message in messages] == [
        "line 3",
        "line 9",
        "line 12",
    ]


def test_the_list_of_problems_is_capped():
    text = "WEBVTT\n\n" + "".join(f"00:0{i % 10}.000 --> 00:00.000\nx\n\n" for i in range(80))
    messages = errors_of(parse_webvtt, text)
    assert len(messages) == 51
    assert messages[-1] == "… and 30 more problem(s) not listed."


def test_a_file_that_is_not_utf8_names_the_line_of_the_first_bad_byte():
    data = "WEBVTT\n\n00:01.000 --> 00:02.000\nGrüße\n".encode("latin-1")
    messages = errors_of(parse_webvtt, data)
    assert messages == [
        "line 4: not UTF-8 text (byte 0xfc cannot be read); save the file as UTF-8 and try again."
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"WEBVTT\n\n00:01.000 --> 00:02.000\nnul\x00byte\n", "line 4: binary data"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "line 1: not UTF-8"),
        (b"WEBVTT\n\x07\x08\n", "line 2: binary data"),
        ("WEBVTT\n".encode("utf-16"), "line 1: the file is UTF-16"),
    ],
)
def test_binary_junk_is_rejected(data, expected):
    messages = errors_of(parse_webvtt, data)
    assert messages[0].startswith(expected), messages


def test_a_file_too_large_is_rejected_before_reading():
    data = b"WEBVTT\n\n" + b"x" * MAX_FILE_BYTES
    (message,) = errors_of(parse_webvtt, data)
    assert "transcripts may be up to 5 MB" in message


def test_too_many_cues_are_rejected():
    cue = "00:01.000 --> 00:02.000\nx\n\n"
    assert len(parse_webvtt(("WEBVTT\n\n" + cue * MAX_CUES).encode())) == MAX_CUES
    messages = errors_of(parse_webvtt, "WEBVTT\n\n" + cue * (MAX_CUES + 1))
    assert messages == [
        f"line {3 + 3 * MAX_CUES}: more than 20,000 cues; split the transcript into parts."
    ]


# SubRip in ----------------------------------------------------------------------------


def test_srt_cues_with_bom_crlf_multiline_text_and_formatting():
    text = (
        "\ufeff1\r\n00:01:02,500 --> 00:01:05,000\r\n"
        '<i>We walked</i> to the <font color="red">river</font>\r\n'
        "at dawn.\r\n\r\n\r\n\r\n"
        "2\r\n00:01:06,000 --> 00:01:08,250 X1:10 X2:20\r\n{\\an8}Heart <3 & home\r\n"
    )
    cues = parse_srt(text.encode())
    assert cue_tuples(cues) == [
        (62, 65, "", "We walked to the river\nat dawn."),
        (66, 69, "", "Heart <3 & home"),
    ]
    assert [cue.line for cue in cues] == [2, 9]


def test_srt_tolerates_a_missing_number_and_a_full_stop_for_the_comma():
    cues = parse_srt(b"00:00:01.5 --> 00:00:02,000\nShort.")
    assert cue_tuples(cues) == [(1, 2, "", "Short.")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1\n00:00:01,000 -> 00:00:02,000\nx\n", "line 2: expected a timing line"),
        ("1\n00:00:01 --> 00:00:02,000\nx\n", "line 2: bad timestamp '00:00:01'"),
        ("1\n00:00:03,000 --> 00:00:02,000\nx\n", "line 2: the cue ends at"),
        (
            "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\ny\n",
            "line 2: the cue has no text",
        ),
        ("1\n00:00:01,000 --> 00:00:02,000\nx\n\nstray text\n", "line 5: expected a cue number"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n", "line 1: expected a cue number"),
        ("1\n", "line 1: expected a timing line"),
        ("\n\n", "the file holds no cues"),
    ],
)
def test_malformed_srt_is_rejected_naming_the_line(text, expected):
    messages = errors_of(parse_srt, text)
    assert any(message.startswith(expected) for message in messages), messages


def test_format_comes_from_the_extension():
    assert format_from_name("interview.VTT") == "vtt"
    assert format_from_name("interview.srt") == "srt"
    assert format_from_name("interview.txt") is None


# WebVTT out ---------------------------------------------------------------------------


def segment(start, end, text, speaker="", withheld=False):
    return TranscriptSegment(
        start_seconds=start, end_seconds=end, text=text, speaker=speaker, withheld=withheld
    )


def test_public_webvtt_replaces_withheld_text_and_master_keeps_it():
    segments = [
        segment(1, 3, "Open words.", "Narrator"),
        segment(4, 6, "Secretmarker name.", "Narrator", withheld=True),
    ]
    public = write_webvtt(segments)
    assert "Secretmarker" not in public
    assert "00:00:04.000 --> 00:00:06.000\n<v Narrator>[passage withheld]" in public
    assert "Secretmarker name." in write_webvtt(segments, master=True)


def test_writer_escapes_markup_characters_in_text_and_speakers():
    vtt = write_webvtt([segment(0, 2, "1 < 2 & 3 > 2 -->", "A <B> & C")])
    assert vtt == (
        "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n"
        "<v A &lt;B&gt; &amp; C>1 &lt; 2 &amp; 3 &gt; 2 --&gt;\n"
    )
    (cue,) = parse_webvtt(vtt.encode())
    assert (cue.speaker, cue.text) == ("A <B> & C", "1 < 2 & 3 > 2 -->")


def test_untimed_passages_become_notes_and_missing_ends_reach_the_next_start():
    # Cues go in time order; an untimed passage stays after the one the editor put it after.
    vtt = write_webvtt(
        [
            segment(None, None, "Before anything.", "Narrator"),
            segment(20, None, "Second, listed first."),
            segment(10, None, "First.\n\nAfter a blank line."),
            segment(None, None, "An aside --> here."),
        ]
    )
    assert vtt == (
        "WEBVTT\n\n"
        "NOTE untimed passage\nNarrator: Before anything.\n\n"
        "00:00:10.000 --> 00:00:20.000\nFirst.\nAfter a blank line.\n\n"
        "NOTE untimed passage\nAn aside -- > here.\n\n"
        "00:00:20.000 --> 00:00:25.000\nSecond, listed first.\n"
    )
    # The notes are valid WebVTT comments: the timed cues read back, the notes do not.
    assert [cue.text for cue in parse_webvtt(vtt.encode())] == [
        "First.\nAfter a blank line.",
        "Second, listed first.",
    ]


ROUND_TRIP = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:04.000\n<v Interviewer>Where did you grow up?\n\n"
    "00:00:04.000 --> 00:00:19.000\n<v Maren Oskeli>In a fictional town by the river,\n"
    "where the bridge was &amp; still is.\n\n"
    "00:01:00.000 --> 01:02:03.000\nNo speaker here &lt;noise&gt;.\n"
)


def test_round_trip_of_a_whole_second_webvtt_file_is_identical():
    cues = parse_webvtt(ROUND_TRIP.encode())
    segments = [segment(c.start_seconds, c.end_seconds, c.text, c.speaker) for c in cues]
    assert write_webvtt(segments, master=True) == ROUND_TRIP
