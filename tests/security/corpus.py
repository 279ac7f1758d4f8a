"""Hostile and odd inputs that every step of every conversation must survive.

Each item is one thing a person (or somebody forging requests) can send: a text, a command,
a sticker, a photo, a location, a contact, a document, an edit of an earlier message, or the
data of a button press. Button data may name placeholders the tests fill in per situation:
``{key}`` (the current draft key), ``{own}`` (a project of the person), ``{other}`` (a project
of another agency), ``{report}`` (a report of another agency) and ``{agency}`` (the id of
another agency).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What sort of update an item becomes."""

    TEXT = "text"
    COMMAND = "command"
    STICKER = "sticker"
    PHOTO = "photo"
    LOCATION = "location"
    CONTACT = "contact"
    DOCUMENT = "document"
    EDIT = "edit"
    BUTTON = "button"
    STALE = "stale"


@dataclass(frozen=True)
class Hostile:
    """One hostile or odd input."""

    label: str
    kind: Kind
    value: str = ""

    def data(self, **places: object) -> str:
        """Return button data with its placeholders filled in."""
        return self.value.format(**{name: str(value) for name, value in places.items()})


def _texts(*pairs: tuple[str, str]) -> list[Hostile]:
    return [Hostile(label, Kind.TEXT, value) for label, value in pairs]


MARKUP = _texts(
    ("html bold", "<b>ตัวหนา</b>"),
    ("html unclosed", "<b>ไม่ปิด"),
    ("html close only", "</b></i></code>"),
    ("script tag", "<script>alert(1)</script>"),
    ("html link", '<a href="javascript:alert(1)">คลิก</a>'),
    ("tg spoiler", "<tg-spoiler>ลับ</tg-spoiler>"),
    ("lone lt", "<"),
    ("lone gt", ">"),
    ("lone amp", "&"),
    ("amp entity", "&amp; &lt; &gt; &quot;"),
    ("bad entity", "&#0; &#x110000; &bogus;"),
    ("half tag", "<b"),
    ("nested angle", "<<b>>x<</b>>"),
    ("markdown star", "*ตัวหนา*"),
    ("markdown mix", "*_["),
    ("markdown link", "[คลิก](http://example.com)"),
    ("markdown code", "`code` ```pre```"),
    ("markdown v2 specials", "_*[]()~`>#+-=|{}.!"),
    ("spoiler bars", "||ลับ||"),
    ("backslashes", "\\\\\\"),
    ("many stars", "*" * 200),
    ("amp in thai", "ประชุม & ลงพื้นที่ <ครั้งที่ 1>"),
)

LONG = _texts(
    ("10000 thai", "ก" * 10_000),
    ("10000 latin", "a" * 10_000),
    ("10000 words", "คำ " * 3_334),
    ("3000 emoji", "😀" * 3_000),
    ("10000 ampersands", "&" * 10_000),
    ("10000 lt", "<" * 10_000),
    ("many lines", "ก\n" * 3_000),
    ("exactly 4000", "ข" * 4_000),
    ("4001", "ข" * 4_001),
    ("10000 digits", "9" * 10_000),
    ("long no spaces thai", "ความคืบหน้า" * 900),
)

INVISIBLE = _texts(
    ("zero width space", "\u200b"),
    ("zero width around number", "\u200b45\u200b"),
    ("zero width non joiner", "4\u200c5"),
    ("bom", "\ufeff45"),
    ("zero width joiner", "\u200d"),
    ("combining acute", "e\u0301" * 50),
    ("stacked thai marks", "ก" + "\u0e49" * 100),
    ("lone combining", "\u0301"),
    ("zalgo", "Z\u0334\u0321\u032a\u034e\u0353\u0326\u0333\u0317\u0359" * 20),
    ("word joiner", "\u2060"),
    ("soft hyphen", "\u00ad"),
    ("ideographic space", "\u3000"),
    ("nbsp", "\u00a0"),
    ("only invisible", "\u200b\u200c\u200d\ufeff"),
)

EMOJI = _texts(
    ("thumbs up", "👍"),
    ("flag", "🇹🇭"),
    ("family", "👨\u200d👩\u200d👧\u200d👦"),
    ("emoji and number", "😀 45"),
    ("keycap digits", "4\ufe0f\u20e35\ufe0f\u20e3"),
    ("hundred points", "💯"),
    ("skin tone", "👍🏽" * 10),
)

DIRECTION = _texts(
    ("arabic", "مرحبا بالعالم"),
    ("hebrew", "שלום עולם"),
    ("rtl override", "\u202e45"),
    ("rtl override file", "\u202egnp.exe"),
    ("rtl mark", "\u200f45"),
    ("arabic indic digits", "٤٥"),
    ("mixed direction", "ความคืบหน้า مرحبا 45"),
)

THAI_NUMBERS = _texts(
    ("thai digits", "๔๕"),
    ("thai hundred", "๑๐๐"),
    ("thai zero", "๐"),
    ("thai words", "สี่สิบห้า"),
    ("thai one hundred", "หนึ่งร้อย"),
    ("thai percent phrase", "ร้อยละ ๕๐"),
    ("thai percent suffix", "ห้าสิบเปอร์เซ็นต์"),
    ("thai million", "หนึ่งล้าน"),
    ("thai minus", "ลบห้า"),
    ("thai half", "ครึ่งหนึ่ง"),
    ("thai decimal", "๔๕.๕"),
    ("thai thousands", "๔๕,๐๐๐"),
    ("thai point word", "สี่สิบห้าจุดสองห้า"),
    ("fullwidth", "４５"),
)

NUMBERS = _texts(
    ("minus one", "-1"),
    ("minus zero", "-0"),
    ("zero", "0"),
    ("hundred", "100"),
    ("over hundred", "100.01"),
    ("huge", "99999999999999999999999999"),
    ("exponent", "1e3"),
    ("overflow exponent", "1e309"),
    ("nan", "NaN"),
    ("infinity", "Infinity"),
    ("minus infinity", "-inf"),
    ("hex", "0x2D"),
    ("too precise", "45.555555"),
    ("comma decimal", "45,5"),
    ("fraction", "1/2"),
    ("percent only", "%"),
    ("double percent", "45%%"),
    ("plus", "+45"),
    ("double minus", "--45"),
    ("spaced digits", "4 5"),
    ("tiny", "0.0000001"),
    ("many dots", "4.5.6"),
    ("trailing dot", "45."),
    ("leading dot", ".5"),
)

INJECTION = _texts(
    ("sql drop", "'; DROP TABLE reports; --"),
    ("sql or", "' OR '1'='1"),
    ("sql delete", "1; DELETE FROM users"),
    ("sql double quote", '" OR 1=1 --'),
    ("sql like", "%' --"),
    ("sql union", "x' UNION SELECT token_hash FROM invites --"),
    ("format braces", "{name} {0} {token}"),
    ("printf", "%s %d %(name)s"),
    ("jndi", "${jndi:ldap://example.com/a}"),
    ("template", "{{7*7}}"),
    ("path traversal", "../../etc/passwd"),
    ("url", "http://example.com/?a=<b>&c=d"),
    ("mention", "@admin"),
    ("hashtag", "#ความคืบหน้า"),
)

CONTROL = _texts(
    ("null byte", "\x00"),
    ("null inside", "ก\x00ข"),
    ("many nulls", "\x00" * 100),
    ("terminal escape", "\x07\x1b[31mแดง\x1b[0m"),
    ("crlf", "บรรทัด\r\nใหม่"),
    ("tab", "\t"),
    ("spaces", "   "),
    ("newlines", "\n\n\n"),
    ("delete char", "\x7f"),
    ("line separator", "ก\u2028ข\u2029ค"),
)

WORDS = _texts(
    ("none word", "ไม่มี"),
    ("dash", "-"),
    ("skip word", "ข้าม"),
    ("english skip", "skip"),
    ("cancel word", "ยกเลิก"),
    ("n a", "N/A"),
    ("slash not command", "/ ไม่ใช่คำสั่ง"),
    ("menu lookalike", "📝 รายงาน"),
)

# Commands somebody types in the middle of a step; none may lose the answers so far, except
# /cancel and /report, which the person means (the tests treat those two apart).
COMMANDS = [
    Hostile(label, Kind.COMMAND, value)
    for label, value in (
        ("status", "/status"),
        ("status html", "/status <b>"),
        ("status sql", "/status ' OR 1=1 --"),
        ("status long", "/status " + "ก" * 5_000),
        ("history", "/history"),
        ("history other", "/history 99999999"),
        ("help", "/help"),
        ("start", "/start"),
        ("start bad token", "/start AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        ("start long token", "/start " + "x" * 500),
        ("leave", "/leave"),
        ("leave bad date", "/leave 31/02/2569"),
        ("leave huge year", "/leave 1/1/99999999"),
        ("problems", "/problems"),
        ("problems bad month", "/problems 13/2569"),
        ("problems huge", "/problems 99999999999999999999"),
        ("overview", "/overview"),
        ("overview html", "/overview <b>&"),
        ("export", "/export"),
        ("invite", "/invite"),
        ("invite officer unknown", "/invite officer <b>"),
        ("schedule", "/schedule"),
        ("remind", "/remind"),
        ("unknown command", "/doesnotexist"),
        ("command other bot", "/report@someotherbot"),
        ("cancel", "/cancel"),
        ("report", "/report"),
    )
]
# Commands that end or restart a report on purpose.
ENDING_COMMANDS = {"/cancel", "/report"}

MEDIA = [
    Hostile("sticker", Kind.STICKER, "👍"),
    Hostile("photo", Kind.PHOTO),
    Hostile("photo html caption", Kind.PHOTO, "<b>&"),
    Hostile("location", Kind.LOCATION, "13.75,100.5"),
    Hostile("location edge", Kind.LOCATION, "-90,180"),
    Hostile("contact", Kind.CONTACT, "+66812345678"),
    Hostile("text document", Kind.DOCUMENT, "page.txt"),
    Hostile("binary document", Kind.DOCUMENT, "virus.exe"),
    Hostile("edited message", Kind.EDIT, "<b>แก้ไข</b>"),
    Hostile("stale button", Kind.STALE),
    Hostile("stale list button", Kind.STALE, "any"),
]

BUTTONS = [
    Hostile(label, Kind.BUTTON, value)
    for label, value in (
        ("report project other", "rp:{other}"),
        ("report project garbage", "rp:abc"),
        ("report project huge", "rp:999999999999"),
        ("report month other", "rm:{other}:202611"),
        ("report month bad", "rm:{own}:209912"),
        ("report month missing", "rm:{own}"),
        ("quick percent forged", "rq:{key}:10000"),
        ("quick percent negative", "rq:{key}:-1"),
        ("quick percent old draft", "rq:deadbeef:500"),
        ("confirm wrong step", "ro:{key}"),
        ("confirm other draft", "ro:00000000"),
        ("edit field unknown", "rf:{key}:token"),
        ("cancel other draft", "rx:0"),
        ("decrease forged", "rd:{key}:y"),
        ("none forged", "rn:{key}"),
        ("none both forged", "rn:{key}:both"),
        ("keep forged", "rk:{key}:all"),
        ("keep unknown", "rk:{key}:token"),
        ("too long forged", "rt:{key}:keep"),
        ("resume forged", "rr:{key}:go"),
        ("discard other draft", "rr:00000000:new"),
        ("correction forged", "rc:{key}:y"),
        ("unknown report kind", "rz:{key}"),
        ("status other project", "st:c:{other}"),
        ("chart other project", "st:g:{other}"),
        ("history other project", "st:h:{other}"),
        ("status page huge", "st:l:c:999999"),
        ("status bad action", "st:x:1"),
        ("overview other agency", "ov:a:{agency}"),
        ("overview page huge", "ov:p:999999"),
        ("official other report", "xo:{report}"),
        ("import forged", "mi:y:000000000000"),
        ("invite admin", "iv:admin"),
        ("invite agency", "ia:{agency}"),
        ("remind send", "remind:send"),
        ("too long", "rp:" + "1" * 100),
        ("non ascii", "rp:๑"),
        ("thai status", "st:c:๑๒"),
        ("emoji data", "🎲"),
        ("empty data", ""),
        ("null data", "\x00"),
    )
]

TEXTS = MARKUP + LONG + INVISIBLE + EMOJI + DIRECTION + THAI_NUMBERS + NUMBERS
TEXTS += INJECTION + CONTROL + WORDS
CORPUS: list[Hostile] = TEXTS + COMMANDS + MEDIA + BUTTONS
