"""Number expressions as written: the patterns of currencies, scales, percentages, changes, ranges, multipliers,
fractions and count nouns, and the small readers built on them (the unit after a number, its currency, whether it is
a year). Used by :mod:`.numreader` (the number side of the extractor) and :mod:`.extract`; values and intervals are
in :mod:`.numbers`, the currency and scale words in data/check_units.yaml.
"""
from __future__ import annotations

import re

from dyadwatch.rxgate import by_first_letter, gated_finditer, trigger

from . import periods as P
from .links import MONEY
from .model import Claim
from .numbers import (CURRENCY_AFTER, CURRENCY_BEFORE, FRACTION_WORDS, HEDGE_RE, HEDGES, NUMBER_WORDS, SCALE_WORDS,
                      currency_code, forms_regex)

#: a currency before the number: a symbol ("$", "€", "₹"), a code or letters ("CHF", "Rs", "A$"; not after a letter)
_BEFORE_SYM = [f for f in CURRENCY_BEFORE if not f[0].isalpha()]
_BEFORE_DOLLAR = [f for f in CURRENCY_BEFORE if f[0].isalpha() and f.endswith("$")]
_BEFORE_WORD = [f for f in CURRENCY_BEFORE if f[0].isalpha() and not f.endswith("$")]
CUR_PRE = (r"(?P<cur1>" + forms_regex(_BEFORE_SYM) + r"|(?<![^\W\d_])(?:" + forms_regex(_BEFORE_DOLLAR) + r"|"
           + forms_regex(_BEFORE_WORD) + r"\s?))")
NUM = r"(?:\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)(?:,\d+)?|\d{1,3}(?:\.\d{3})+,\d+|\d+(?:[.,]\d+)?)"
SCALE = r"(?P<scale>\s?" + forms_regex(SCALE_WORDS, keep_case=False) + r"(?![\w\u0400-\u04ff]))"
#: currency words after a number ("pounds" not before "of": a weight)
CUR_POST = (r"(?P<cur2>\s?" + forms_regex(CURRENCY_AFTER, space=r"\s{0,2}") +
            r"(?![\w\u0400-\u04ff])(?!(?<=pounds)\s+of\b))")
PCT = (r"(?P<pct>\s?(?:%|per\s?cent\b|percent\b|percentage points?\b|pp\b|p\.p\.|Prozentpunkte?n?\b|Prozent\b|"
       r"п\.\s?п\.|в\.\s?п\.|процентн(?:ых|ого|ые)\s+пункт(?:а|ов)?|відсотков(?:их|ого|і)\s+пункт(?:и|ів)?|"
       r"процент(?:а|ов)?(?![\w\u0400-\u04ff])|відсот(?:ок|ка|ків|ки)(?![\w\u0400-\u04ff])))")
#: multipliers after a number: "1.8-fold", "3.2 times", "2,4-mal", "в 1,7 раза", "у 2 рази"
FOLD = r"(?P<fold>-fold\b|\s?times\b|-?mal\b|-?[Ff]ache[ns]?\b|\s?раза?(?![\w\u0400-\u04ff])|\s?рази?(?![\w\u0400-\u04ff]))"
# A number expression starts at its currency or first digit; the hedge before it ("nearly", "more than") is
# looked for backwards from there (HEDGE_BEFORE), which is much faster than letting every position of the text
# try every hedge word.
HEDGE_BEFORE = re.compile(r"(?<![\w.~])(?P<hedge>" + HEDGE_RE + r")\s+$", re.IGNORECASE)
NUMBER_RE = re.compile(
    CUR_PRE + r"?(?P<num>" + NUM + r")"
    r"(?:\s?[-–—]\s?(?:\\?\$|€)?(?P<num2>" + NUM + r")(?![-–]))?"
    + PCT + "?" + r"(?:" + FOLD + r")?" + SCALE + "?" + CUR_POST + "?", re.IGNORECASE)
#: where NUMBER_RE can begin: a digit or the start of a currency written before the number (perf: it is tried only
#: there; see dyadwatch.rxgate)
_NUMBER_TRIGGER = trigger([*"0123456789", "\\", *CURRENCY_BEFORE], n=2)

_CHANGE_VERBS = (
    r"fell|fallen|falls?|falling|declined?|declining|decreased?|decreasing|dropped|drops?|dropping|"
    r"plunged|plunging|plummeted|slumped|shrank|shrunk|shrinking|contracted|contracting|slid|sliding|lost|cut|"
    r"reduced|down|lower|rose|risen|rises?|rising|increased?|increasing|grew|grown|grows?|growing|jumped|jumping|"
    r"climbed|climbing|surged|surging|soared|gained|gaining|(?<!made\s)(?<!make\s)(?<!makes\s)(?<!making\s)up|higher|expanded|expanding|widened|narrowed|"
    r"ballooned|swelled|rocketed|skyrocketed|tumbled|sank|slipped|dipped|eased|advanced|leapt|leaped|edged\s+up|"
    r"edged\s+down|shot\s+up")
CHANGE_BEFORE = re.compile(
    r"\b(?P<verb>" + by_first_letter(_CHANGE_VERBS) + ")"
    r"(?:\s+(?:a\s+further|another|a\s+further\s+\w+))?(?:\s+(?:by|of|some))?\s*(?:(?:" + HEDGE_RE + r")\s+)?$",
    re.IGNORECASE)
CHANGE_AFTER = re.compile(
    r"^\s*(?:year-on-year\s+|y/y\s+|annual\s+)?(?P<noun>fall|drop|decline|decrease|contraction|reduction|slump|plunge|"
    r"loss|rise|increase|growth|jump|gain|surge|expansion|upturn|downturn|lower|higher|more|less|up|down|weniger|mehr|"
    r"niedriger|höher)\b(?!\s+(?:als\s+)?(?:\d(?!\d{3}\b)|[$€]))", re.IGNORECASE)
CHANGE_NOUN_OF = re.compile(r"\b(?P<noun>fall|drop|decline|decrease|contraction|reduction|rise|increase|growth|jump|"
                            r"gain)\s+of\s*(?:(?:" + HEDGE_RE + r")\s+)?$|\b(?P<dnoun>Rückgang|Rückgangs|Rückgängen|"
                            r"Rückgänge|Anstieg|Anstiegs|Zuwachs|Zuwachses|Wachstum|Wachstums|Einbruch|Einbruchs|Plus|"
                            r"Minus)\s+(?:von|um)\s*(?:(?:" + HEDGE_RE + r")\s+)?$", re.IGNORECASE)
#: a change written in German, Russian or Ukrainian: a change verb (or noun) shortly before "um"/"на" and the number
#: ("stiegen im ersten Quartal um 41,3 Prozent", "снизился на 11,3%", "зріс на 5%"), or "ging um 5 % zurück"
_OTHER_CHANGE = re.compile(
    r"(?P<w>\b(?:stieg|stiegen|gestiegen|steigt|steigen|wuchs|wuchsen|gewachsen|wächst|erhöhte|erhöhten|erhöht|"
    r"legte|legten|zugelegt|nahm|nahmen|zugenommen|abgenommen|sank|sanken|gesunken|sinkt|fiel|fielen|gefallen|"
    r"verringerte|verringerten|verringert|ging|gingen|zurückgegangen|schrumpfte|schrumpften|geschrumpft|Anstieg|"
    r"Rückgang|Zuwachs|Plus|Minus|raised|increased|boosted|lifted|cut|reduced|lowered|rose|fell|grew|declined|dropped|"
    r"decreased|expanded|contracted|shrank|climbed|jumped|slashed)\b|(?<![\w\u0400-\u04ff])(?:вырос|выросл|возрос|увелич|повыси|рост|прирост|сниз|"
    r"сократ|упал|уменьш|пониз|снижени|сокращени|падени|подскоч|прибав|зріс|зросл|збільш|підвищ|зниз|скорот|впав|впал|"
    r"зменш|зниженн|скороченн|падінн|зростанн|підскоч|додав)[\w\u0400-\u04ff]*)"
    r"[^;:%]{0,60}?\s(?:um|на|by)\s+(?:(?:" + HEDGE_RE + r")\s+)?$", re.IGNORECASE)
_OTHER_DOWN = re.compile(r"^(?:sank|sanken|gesunken|sinkt|fiel|fielen|gefallen|verringert|verringerte|verringerten|"
                         r"zurückgegangen|schrumpfte|schrumpften|geschrumpft|rückgang|minus|abgenommen|сниз|"
                         r"сократ|упал|уменьш|пониз|снижени|сокращени|падени|зниз|скорот|впав|впал|"
                         r"зменш|зниженн|скороченн|падінн|cut|reduced|lowered|fell|declined|dropped|decreased|"
                         r"contracted|shrank|slashed)", re.IGNORECASE)
_AFTER_DE = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?(?P<p>zurück|ab|zu)\b", re.IGNORECASE)
_LAST_ON = re.compile(r"(?:\bum|(?<![\w\u0400-\u04ff])на|\bby|(?<![\w\u0400-\u04ff])в)\s+$", re.IGNORECASE)
_HEDGE_BY = re.compile(r"(?<![\w.~])(?P<hedge>" + HEDGE_RE + r")\s+(?:на|um|by|в)\s+$", re.IGNORECASE)
_SIGN_BEFORE = re.compile(r"(?:^|[(\s:;,])([+\-−–]|(?:минус|мінус|minus|плюс|plus)\s)$", re.IGNORECASE)
_PCT_AFTER = re.compile(PCT.replace("(?P<pct>", "(?:"), re.IGNORECASE)
_COMPOUND = re.compile(r"\s+(?P<n>\d{1,3})\s?(?P<s>mln|million|mn|млн\.?|Mio\.?|thousand|тыс\.?|тис\.?)(?![\w\u0400-\u04ff])",
                       re.IGNORECASE)
#: what may follow a scaled amount whose currency is implied (a preposition, a conjunction, punctuation)
_BARE_SCALE_END = re.compile(r"\s*(?:[,;:.)–—]|$|(?:and|or|in|to|from|for|of|with|nach|aus|im|und|bzw|sowie|in|"
                             r"в|во|на|из|и|а|до|з|із|у|та|і|против|проти|against|vs)(?![\w\u0400-\u04ff]))",
                             re.IGNORECASE)
_CUR_AFTER = re.compile(r"(?P<cur1>)" + CUR_POST, re.IGNORECASE)
#: a sentence about a number of people or things: a bare "1.74 million" there is no money
_COUNTISH = re.compile(r"\bnumber\s+of\b|\bZahl\b|Anzahl|(?<![\w\u0400-\u04ff])(?:числ|количеств|кількіст)|visitors|"
                       r"tourists|people|passengers|Besucher|Touristen|Menschen|туристов|туристів|посетител|відвідувач",
                       re.IGNORECASE)
_WORTH_AFTER = re.compile(r"\s+worth\b", re.IGNORECASE)
#: a share named earlier in the clause: "Finland's share of Estonian trade rose from 14.5% to 16.0%"
_SHARE_WORD = re.compile(r"\bshare\b|\bAnteil|(?<![\w\u0400-\u04ff])(?:дол[яеюи]|частк[аиу])(?![\w\u0400-\u04ff])",
                         re.IGNORECASE)
#: a fraction that is a share: "a quarter of them", "two thirds went by rail", "две трети поставок"
SHARE_FRACTION_RE = re.compile(
    r"(?<![\w\u0400-\u04ff])(?P<frac>(?<!first\s)(?<!second\s)(?<!latter\s)(?<!former\s)(?<!and\sa\s)half(?=\s+of\s)(?!\s+of\s+(?:their|its|the|this|that)\s+(?:\d{4}\s+)?(?:level|value|figure|peak|high|record|total)\b)|"
    r"a quarter|a third|two thirds|two-thirds|three quarters|a fifth|a tenth|"
    r"ein(?:em|en|es)? (?:Viertel|Drittel|Fünftel|Zehntel)(?!\s+(?:des|der)\s+(?:Vorjahr|Niveau|Wert))|zwei Drittel|die Hälfte|drei Viertel|две трети|треть|четверть|половин[аеуы]|"
    r"три четверти|дві третини|третин[аиу]|чверть|три чверті)(?![\w\u0400-\u04ff])"
    r"(?=\s+(?:of|went|was|were|came|is|are|der|des|von|aus|ging|gingen|entf\w*|[\w\u0400-\u04ff]+(?:ок|ов|ей|ів|ь|ий|ых)\b|"
    r"(?:экспорт|импорт|експорт|імпорт|товарооборот|торгівл|торговл|всего|всей|усього|всього|"
    r"[\u0400-\u04ff]+(?:ого|ої|ой|их)\s+(?:экспорт|импорт|експорт|імпорт|товарооборот|торгівл|торговл))[\u0400-\u04ff]*)|"
    r"\s+and\s+|\s*[,;.)])",
    re.IGNORECASE)
_TIMES_CONTEXT = re.compile(r"\b(?:rose|risen|increased|grew|grown|jumped|expanded|surged|higher|more|larger|bigger|"
                            r"greater|up|fell|fallen|decreased|declined|dropped|shrank|lower|less|smaller|fewer|multiplied|"
                            r"as\s+(?:much|many|high|large))\b", re.IGNORECASE)
#: "2.7 times the $89 billion", "some 73 times what it bought": a multiplier of a named amount
_TIMES_OBJECT = re.compile(r"\s+(?:the|what|its|their|that|as\s+(?:much|many|high|large))\b", re.IGNORECASE)
_FOLD_DOWN = re.compile(r"\b(?:fell|decreased|declined|dropped|lower|reduction|decrease|fall|shrank|less|smaller|"
                        r"fewer|weniger|niedriger|geringer)\b|(?<![\w\u0400-\u04ff])(?:сократи|снизи|уменьши|упал|"
                        r"меньше|скороти|знизи|зменши|впав|впала|менше)", re.IGNORECASE)


_FOLD_UP = re.compile(r"\b(?:rose|risen|increased|grew|grown|jumped|expanded|surged|higher|more|larger|bigger|greater|"
                      r"stieg|stiegen|gestiegen|wuchs|höher|mehr|größer)\b|(?<![\w\u0400-\u04ff])(?:вырос|выросл|"
                      r"увеличил|возрос|больше|зріс|зросл|збільшил|більше)", re.IGNORECASE)


_UM_AUF = re.compile(r"\bum\s+(?:(?:" + HEDGE_RE + r")\s+)?$", re.IGNORECASE)
_AUF_AFTER = re.compile(r"\s*(?:auf|to)\s+(?:(?:" + HEDGE_RE + r")\s+)?[\d$€]", re.IGNORECASE)
_DE_DOWN_LATE = re.compile(r"\b(?:gesunken|gefallen|zurückgegangen|geschrumpft|verringert|gesenkt|eingebrochen|"
                           r"sank|sanken|fiel|fielen|schrumpfte|schrumpften|zurück|ab)\b", re.IGNORECASE)
#: the verb (or separable prefix) that ends the clause of "um … auf …": "… um 2,4 % auf 80,2 Mrd. Euro zulegten", "…
#: brachen um 38,8 Prozent auf 8,9 Mrd. Euro ein", "gaben … um 2,7 Prozent auf 48,2 Mrd. Euro nach"
_DE_LATE_END = re.compile(r"\b(?:(?P<down>gesunken|gefallen|zurückgegangen|geschrumpft|verringert|gesenkt|eingebrochen|"
                          r"nachgegeben|sank|sanken|fiel|fielen|schrumpfte|schrumpften|zurück|ab|ein|nach)|(?P<up>"
                          r"gestiegen|angestiegen|gewachsen|zugelegt|zulegte|zulegten|zugenommen|erhöht|stieg|stiegen|"
                          r"wuchs|wuchsen|zu))\s*(?:[.;!?)]|,\s|$)")
_CLAUSE_CUT = re.compile(r";|,\s")
#: a Russian or Ukrainian change verb right before the number, without "на": "прибавили 32,6%", "прибавил еще 21%"
_RU_VERB_DIRECT = re.compile(r"(?<![\w\u0400-\u04ff])(?P<w>прибав|вырос|выросл|увеличил|сократил|снизил|упал|подскоч|"
                             r"зріс|зросл|збільшил|скоротил|знизил|впав|впал|додал|додав)[\u0400-\u04ff]*\s+(?:(?:еще|ещё|"
                             r"ще|почти|около|майже|близько)\s+)?$", re.IGNORECASE)
#: a change against a base written after the number: "12,6 % unter dem Vorjahresmonat", "8 % below the same month of
#: last year"
_AGAINST_AFTER = re.compile(r"\s*(?P<d>unter|über|below|above)\s+(?:dem|den|der|the|its|their|last|a)\s+(?:Vorjahr|"
                            r"Vorjahres\w*|Wert|Niveau|same|previous|year|year's|level)", re.IGNORECASE)
_ON_BEFORE = re.compile(r"(?:\bum|(?<![\w\u0400-\u04ff])на|\bby)\s+$", re.IGNORECASE)
_MORE_AFTER = re.compile(r"\s*(більше|больше|менше|меньше|mehr|weniger|higher|lower|more|less|höher|niedriger|выше|ниже|"
                         r"вищ[\u0400-\u04ff]*|нижч[\u0400-\u04ff]*)(?![\w\u0400-\u04ff])", re.IGNORECASE)


def _other_change(pre: str, post: str) -> str | None:
    """The direction of a change written in German, Russian or Ukrainian before the number, else None."""
    m = _OTHER_CHANGE.search(pre)
    if m is None:
        return None
    w = m.group("w").lower()
    if w in ("ging", "gingen", "nahm", "nahmen", "legte", "legten"):
        a = _AFTER_DE.match(post)
        if a is None:
            return "up" if w.startswith("leg") else None
        return "down" if a.group("p").lower() in ("zurück", "ab") else "up"
    return "down" if _OTHER_DOWN.match(w) else "up"


DOWN_WORDS = {"fell", "fallen", "fall", "falls", "decline", "declined", "declining", "decrease", "decreased",
              "decreasing", "dropped", "drop", "drops", "plunged", "plummeted", "slumped", "shrank", "shrunk",
              "contracted", "slid", "lost", "cut", "reduced", "down", "lower", "contraction", "reduction", "slump",
              "plunge", "loss", "downturn", "less", "narrowed", "falling", "dropping", "plunging", "shrinking",
              "contracting", "sliding", "tumbled", "sank", "slipped", "dipped", "eased", "edged down", "weniger",
              "niedriger"}
INDEX_AFTER = re.compile(r"^\s*of\s+(?:the\s+)?(?:(?:same|corresponding)\s+(?:period|month|months|quarter)|"
                         r"(?:its\s+)?level\s+(?:of|in|a year)|last\s+year|a\s+year\s+earlier|the\s+previous\s+year|"
                         r"(?:19|20)\d\d\b)", re.IGNORECASE)
SHARE_AFTER = re.compile(r"^\s*(?:of|share of)\s+(?:the\s+|its\s+|their\s+|all\s+|total\s+|\w+['’]s\s+)", re.I)
SHARE_BEFORE = re.compile(r"(?:share\s+(?:of|was|stood at|reached|rose to|fell to)|accounted for|accounting for|"
                          r"accounts for|made up|making up|constituted|represented|comprised)\s*(?:(?:"
                          + HEDGE_RE + r")\s+)?(?:only\s+|just\s+)?$", re.IGNORECASE)
SKIP_BEFORE = re.compile(r"(?:\b(?:Channel|Kanal|Rang|Platz|rank|ranked|ranking|place|Nr\.|Nummer)|№|"
                         r"(?<![\w\u0400-\u04ff])(?:канал|место|місце|номер)|\bNo\.?|\bNos?\.|\bArticle|\bArt\.|\bSection|\bChapter|\bResolution|\bpage|\bp\.|"
                         r"\bpp\.|\bQ|\bH|\bpoint|\bparagraph|\bline|\bpara\.|\bvol\.|\bVolume|\bIssue|\bDecree|"
                         r"\bLaw|\bProtocol|\bRule|\bRegulation|\bversion|#|©|\bCommentary|\bBrief|\bPaper)\s*$")
#: every alternative of SKIP_BEFORE ends with one of these (perf: the pattern is tried only when the text before the
#: number, without its trailing white space, ends with one; tests/test_rxgate.py checks the two agree)
SKIP_ENDS = ("Channel", "Kanal", "Rang", "Platz", "rank", "ranked", "ranking", "place", "Nr.", "Nummer", "№", "канал",
             "место", "місце", "номер", "No", "No.", "Nos.", "Article", "Art.", "Section", "Chapter", "Resolution", "page",
             "p.", "pp.", "Q", "H", "point", "paragraph", "line", "para.", "vol.", "Volume", "Issue", "Decree", "Law",
             "Protocol", "Rule", "Regulation", "version", "#", "©", "Commentary", "Brief", "Paper")
SKIP_AFTER = re.compile(r"^(?:st|nd|rd|th)\b|^[A-Za-z\u0400-\u04ff](?<![%])|^[-–][A-Za-z\u0400-\u04ff]|^:\d|^/\d")
BETWEEN_RE = re.compile(r"(?:\bbetween|\bzwischen|\bvon|(?<![\w\u0400-\u04ff])(?:от|між|від))\s+$", re.IGNORECASE)
WORDNUM_RE = re.compile(
    r"\b(?:(?P<verb>(?:reduced|cut|fallen|fell|dropped|shrunk|shrank|risen|rose|increased|grown|grew|numbered|"
    r"totall?ed|stood at|down)(?:\s+[\w-]+){0,3}?\s+to|numbered|totall?ed)\s+|(?P<hedge>" + HEDGE_RE + r")\s+)?(?P<word>" +
    "|".join(w for w in NUMBER_WORDS if " " not in w) + r")\b(?=(?P<after>[ \w'-]{0,40}))", re.IGNORECASE)
FRACTION_RE = re.compile(
    r"\b(?P<verb>fell|fallen|declined|decreased|dropped|shrank|shrunk|contracted|slumped|cut|reduced|rose|risen|"
    r"increased|grew|grown|jumped)\s+(?:by\s+)?(?:(?P<hedge>" + HEDGE_RE + r")\s+)?(?P<frac>"
    + "|".join(sorted((re.escape(f) for f in FRACTION_WORDS), key=len, reverse=True)) + r")\b"
    r"|\b(?P<mult>doubled|tripled|trebled|quadrupled|halved)\b", re.IGNORECASE)
#: substrings without which WORDNUM_RE, FRACTION_RE and FORECAST_RE cannot match a sentence
_WORD_GATE = tuple(w for w in NUMBER_WORDS if " " not in w)
_FRACTION_GATE = ("half", "third", "quarter", "fifth", "tenth", "doubled", "tripled", "trebled", "quadrupled",
                  "drittel", "viertel", "fünftel", "zehntel", "hälfte", "трет", "четверт", "половин", "чверт",
                  "halved")
#: verbal multipliers and fractions of a change ("eightyfold", "roughly double the 2021 level", "das Sechsfache",
#: "mehr als verdoppelt", "вдвое", "вчетверо", "about half their level", "ein Zehntel des Vorjahreswerts",
#: "by over a third", "на треть") and genitive fractions that are shares ("более трети", "до одной трети")
_FOLD_N = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
           "ninety": 90, "hundred": 100, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
           "acht": 8, "neun": 9, "zehn": 10, "zwanzig": 20, "hundert": 100, "double": 2, "triple": 3,
           "verdoppelt": 2, "verdreifacht": 3, "vervierfacht": 4, "verzehnfacht": 10, "halbiert": 0.5,
           "вдвое": 2, "втрое": 3, "вчетверо": 4, "впятеро": 5, "вдесятеро": 10, "вдвічі": 2, "удвічі": 2,
           "втричі": 3, "утричі": 3, "учетверо": 4, "half": 0.5, "a third": 1 / 3, "a quarter": 0.25,
           "a tenth": 0.1, "ein zehntel": 0.1, "ein drittel": 1 / 3, "ein viertel": 0.25, "die hälfte": 0.5}
_VHEDGE = r"(?:(?P<hedge>more than|over|almost|nearly|roughly|about|around|some|just over|mehr als|knapp|fast|rund|" \
          r"etwa|более чем|более|почти|около|примерно|больше чем|більш ніж|понад|майже|близько)\s+)?"
VERBAL_RE = re.compile(
    r"(?<![\w\u0400-\u04ff])(?:" + _VHEDGE + r"(?P<fold>two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred)-?fold\b"
    r"|" + _VHEDGE.replace("hedge", "hedge2") + r"(?P<dbl>double|triple)(?=\s+(?:the|its|their|that|this)\b)"
    r"|das\s+(?P<fache>zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwanzig|hundert)fache\b"
    r"|" + _VHEDGE.replace("hedge", "hedge8") + r"(?P<mal>zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwanzig|"
    r"hundert)mal(?=\s+(?:so|mehr|höher|größer|weniger)\b)"
    r"|" + _VHEDGE.replace("hedge", "hedge10") + r"(?P<times>two|three|four|five|six|seven|eight|nine|ten|twenty|"
    r"thirty|forty|fifty|hundred)\s+times(?=\s+(?:the\s+(?:[$€£\d]|(?:level|amount|value|figure|previous|record|volume|"
    r"total|size|sum)\b)|(?:its|their|what|as\s+(?:much|many|high|large)|higher|more|larger|bigger|greater)\b))"
    r"|" + _VHEDGE.replace("hedge", "hedge3") + r"(?P<de>verdoppel(?:te|ten|t)|verdreifach(?:te|ten|t)|vervierfach(?:te|ten|t)|"
    r"verzehnfach(?:te|ten|t)|halbiert(?:e|en)?|удвоил(?:ся|ась|ось|ись|и|а|о)?|утроил(?:ся|ась|ось|ись|и|а|о)?|"
    r"подвоїв(?:ся)?|подвоїл(?:ася|ося|ися|и|а|о)|потроїв(?:ся)?|потроїл(?:ася|ося|ися|и|а|о))(?![\w\u0400-\u04ff])"
    r"|" + _VHEDGE.replace("hedge", "hedge4") + r"(?P<ru>вдвое|втрое|вчетверо|впятеро|вдесятеро|вдвічі|удвічі|втричі|"
    r"утричі|учетверо)(?![\w\u0400-\u04ff])"
    r"|" + _VHEDGE.replace("hedge", "hedge5") + r"(?P<of>half|a third|a quarter|a tenth|ein Zehntel|ein Drittel|"
    r"ein Viertel|die Hälfte)(?=\s+(?:their|its|the|des|der|of\s+(?:the|its|their)\s+(?:level|value))\s*"
    r"(?:level|value|figure|Vorjahres|Niveau|Werte?s?|\w+\s+level)|\s+of\s+(?:their|its|the)\s+(?:\d{4}\s+)?"
    r"(?:level|value|figure|peak|high|record|total))"
    r"|(?P<by>\bby|\bum|(?<![\w\u0400-\u04ff])на)\s+" + _VHEDGE.replace("hedge", "hedge6") + r"(?P<byf>a third|a quarter|"
    r"half|a fifth|a tenth|one third|two-thirds|two thirds|ein Drittel|ein Viertel|die Hälfte|zwei Drittel|треть|"
    r"четверть|половину|третину|чверть|две трети|дві третини)"
    r"(?![\w\u0400-\u04ff])"
    r"|" + _VHEDGE.replace("hedge", "hedge7") + r"(?P<gen>одной трети|трети|четверти|половины|третини|чверті)"
    r"(?![\w\u0400-\u04ff])"
    r"|" + _VHEDGE.replace("hedge", "hedge9") + r"(?P<less>a third|a quarter|half|a fifth|ein Drittel|ein Viertel|"
    r"die Hälfte|треть|четверть|третину|чверть)(?P<lw>\s+(?:weniger|mehr|less|more|fewer|lower|higher|меньше|больше|"
    r"менше|більше|niedriger|höher))\b)", re.IGNORECASE)
#: "also um 0,5 Prozentpunkte", "то есть на 0,8 п.п.", "i.e. by 2 points": a restated change; its direction is that
#: of the change verb earlier in the sentence
_IE_BY = re.compile(r"(?:\balso|,\s*or|\bd\.\s?h\.|\bi\.\s?e\.|\bthat is|(?<![\w\u0400-\u04ff])(?:то есть|т\.\s?е\.|тобто))"
                    r"\s*,?\s+(?:um|на|by)\s+(?:(?:" + HEDGE_RE + r")\s+)?$", re.IGNORECASE)
#: a sum of money that restates the change just before it: "up 4.1%, or €310 million", "(+6%), or $2 billion"
_OR_AFTER_CHANGE = re.compile(r"\s*\)?\s*,?\s*(?:or|oder|или|або)\s+(?:by\s+|um\s+|на\s+)?", re.IGNORECASE)
#: a sum of money followed by the same change in percent: "$3.2 billion or 12% more than a year earlier"
_OR_PCT_AFTER = re.compile(r"\s*,?\s*(?:or|oder|или|або)\s+\d+(?:[.,]\d+)?\s*(?:%|per\s?cent\b|percent\b|Prozent\b)\s*"
                           r"(?P<d>more|less|higher|lower|up|down|mehr|weniger|больше|меньше|більше|менше)",
                           re.IGNORECASE)
#: "von 8,6 auf 13,8 Mrd. Euro", "from 2.1 to 2.9 billion dollars", "с 1,2 до 1,8 млрд долларов": the first number
#: of a from-to pair shares the scale and currency written after the second
_FROM_WORD = re.compile(r"(?:\bvon|\bfrom|(?<![\w\u0400-\u04ff])(?:с|від|з))\s+$", re.IGNORECASE)
_TO_WORD = re.compile(r"\s+(?:auf|to|до|на)\s+", re.IGNORECASE)
#: the factor of a past-tense multiplier verb ("verdoppelten", "удвоился", "подвоївся"), by its stem
_VERB_FOLD = (("verdoppel", 2), ("verdreifach", 3), ("vervierfach", 4), ("verzehnfach", 10), ("halbiert", 0.5),
              ("удвоил", 2), ("утроил", 3), ("подвої", 2), ("потрої", 3))
_BY_FRAC = {"two-thirds": 2 / 3, "two thirds": 2 / 3, "zwei drittel": 2 / 3, "две трети": 2 / 3,
            "дві третини": 2 / 3, "a third": 1 / 3, "one third": 1 / 3, "a quarter": 0.25, "half": 0.5, "a fifth": 0.2, "a tenth": 0.1,
            "ein drittel": 1 / 3, "ein viertel": 0.25, "die hälfte": 0.5, "треть": 1 / 3, "четверть": 0.25,
            "половину": 0.5, "третину": 1 / 3, "чверть": 0.25, "одной трети": 1 / 3, "трети": 1 / 3,
            "четверти": 0.25, "половины": 0.5, "третини": 1 / 3, "чверті": 0.25}
_VERBAL_GATE = ("fold", "double", "triple", " times", "fache", "mal ", "verdopp", "verdreif", "vervierf", "verzehnf", "halbiert",
                "удвоил", "утроил", "подвої", "потрої",
                "вдвое", "втрое", "вчетверо", "впятеро", "вдесятеро", "вдвічі", "удвічі", "втричі", "утричі",
                "учетверо", "half", "third", "quarter", "tenth", "fifth", "zehntel", "drittel", "viertel",
                "hälfte", "трет", "четверт", "половин", "чверт")
_VDOWN = re.compile(r"(?:\b(?:down|fell|fallen|declined|decreased|dropped|shrank|shrunk|contracted|slumped|cut|reduced|"
                    r"plunged|tumbled|lost|sank|sanken|gesunken|gefallen|fiel|zurück|geschrumpft|verringert)\b|"
                    r"(?<![\w\u0400-\u04ff])(?:сократи|снизи|упал|уменьши|понизи|скороти|знизи|зменши|впав|"
                    r"впал|меньше|менше))", re.IGNORECASE)
#: a German ordinal: an integer with a dot that does not end the sentence ("vom 14. auf den 46. Platz")
_ORDINAL_AFTER = re.compile(r"\.\s*(?:[a-zäöüß]|(?:Platz|Rang|Stelle|Quartal|Halbjahr|Jahreshälfte|Januar|Februar|"
                            r"März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b)")
_FIRST_BEFORE = re.compile(r"(?:\b(?:first|last|ersten|letzten)|(?<![\w\u0400-\u04ff])(?:первые|первых|последние|"
                           r"перші|перших|останні))\s+$", re.IGNORECASE)
_MONTHS_AFTER = re.compile(r"\s+(?:months|Monate|Monaten|месяц\w*|місяц\w*)", re.IGNORECASE)
FROM_BEFORE = re.compile(r"\bfrom\s+(?:(?:" + HEDGE_RE + r")\s+)?$", re.I)
FROM_TO_BEFORE = re.compile(r"\b(?:from|to|numbered|totall?ed|reached|at)\s+$", re.I)
TO_RANGE = re.compile(r"\s+to\s+(?P<n2>" + NUM + r")(?![\d%]|[.,]\d|\s?(?:%|per\s?cent|percent)|"
                      r"\s?(?:trillion|billions?|millions?|thousand|bn|mn|mln|bln|tn|m|b|k)\b)", re.I)
LIST_AFTER_PCT = re.compile(r"\s*(?:,\s*|\s+)(?:and|or)\s+|\s*,\s*")
#: "2.2% in 2012, 10.7% in 2013 and 4.6% in …", "28,5 % im Jahr 2015 und 22,3 %": a list of changes with periods
_LIST_WITH_PERIOD = re.compile(r"\s+(?:in|im|в|у)\s+[^,;%\d]{0,12}\d{4}[^,;%]{0,10}?(?:,\s*|\s+(?:and|und|и|і|та)\s+)"
                               r"(?:(?:" + HEDGE_RE + r")\s+)?", re.IGNORECASE)
#: a dash or "на/um/by" after a noun whose verb is understood from the change before: "импорт — около 18%"
_ELIDED_BEFORE = re.compile(r"(?:[—–]\s*|(?:\bum|(?<![\w\u0400-\u04ff])на|\bby)\s+)(?:(?:" + HEDGE_RE + r")\s+)?$",
                            re.IGNORECASE)
MORE_WORDS = {"more", "others", "other", "additional", "further", "new"}
COUNT_NOUNS = {
    "tonnes": "tonnes", "tons": "tonnes", "tonne": "tonnes", "ton": "tonnes", "t": "tonnes",
    "men": "troops", "soldiers": "troops", "troops": "troops", "servicemen": "troops", "personnel": "troops",
    "fighters": "troops", "staff": "staff", "diplomats": "diplomats", "employees": "staff", "workers": "persons",
    "people": "persons", "persons": "persons", "refugees": "persons", "migrants": "persons",
    "prisoners": "persons", "children": "persons", "volunteers": "persons", "civilians": "persons",
    "tanks": "tanks", "vehicles": "vehicles", "trucks": "vehicles", "aircraft": "aircraft", "drones": "drones",
    "missiles": "missiles", "shells": "shells", "rounds": "shells", "barrels": "barrels", "km": "km",
    "kilometres": "km", "kilometers": "km", "attacks": "attacks", "incidents": "incidents", "strikes": "attacks",
    "companies": "entities", "enterprises": "entities", "entities": "entities", "individuals": "persons",
    "firms": "entities", "cases": "cases", "sanctions": "sanctions", "units": "units", "wagons": "wagons",
    "battalions": "battalions", "brigades": "brigades", "jets": "aircraft", "helicopters": "aircraft",
    "flights": "flights", "crossings": "crossings", "checkpoints": "checkpoints", "trains": "trains",
    # German, Russian, Ukrainian
    "tonnen": "tonnes", "tonne": "tonnes", "тонн": "tonnes", "тонны": "tonnes", "тонна": "tonnes", "тонни": "tonnes",
    "menschen": "persons", "personen": "persons", "touristen": "persons", "besucher": "persons",
    "человек": "persons", "людей": "persons", "туристов": "persons", "посетителей": "persons", "осіб": "persons",
    "людей.": "persons", "туристів": "persons", "відвідувачів": "persons", "visitors": "persons",
    "tourists": "persons", "trips": "trips", "поездок": "trips", "поїздок": "trips", "reisen": "trips",
    "barrel": "barrels", "баррелей": "barrels", "барелів": "barrels",
}
# "17,000 Belarusians": plural demonyms count people
COUNT_NOUNS.update({n + "s": "persons" for names in P.COUNTRIES.values() for n in names
                    if n.endswith("an") and " " not in n})
COUNT_NOUNS.update({"poles": "persons", "finns": "persons", "turks": "persons", "kazakhs": "persons",
                    "brits": "persons"})
COUNT_UNITS = set(COUNT_NOUNS.values())
PERIOD_NOUNS = {"месяцев", "месяца", "месяц", "лет", "года", "год", "дней", "дня", "недель", "місяців", "місяці",
                "років", "роки", "днів", "тижнів", "monate", "monaten", "jahre", "jahren", "tage", "tagen", "wochen",
                "days", "day", "weeks", "week", "months", "month", "years", "year", "hours", "hour", "minutes",
                "decades", "times", "percent", "per", "seconds", "o'clock", "am", "pm"}
STOP_AFTER = {"and", "or", "of", "the", "in", "on", "to", "from", "by", "with", "a", "an", "as", "at", "for", "is",
              "was", "were", "are", "that", "which", "than"}


#: eight or more quantities in a row with nothing but commas, semicolons or spaces between them ("1, 2, 3, 5, 8, …",
#: "1.5%, 2.1%, …", "$1.2 billion, $1.4 billion, …"): a table or list flattened to text, not claims with a subject
#: and a period of their own; skipping them keeps adversarial inputs fast
_ITEM = (r"(?>(?:[$€£₽][ \t]?)?[-−–+]?\d+(?:[.,]\d+)?(?:[ \t]?(?:%|bn|billion|million|mn|mln|bln|m|b|k|thousand|"
         r"млрд|млн|тыс|Mrd|Mio)\b\.?|[ \t]?%)?)")
BARE_LIST = re.compile(r"(?<![$€£₽\d])(?:" + _ITEM + r"(?>[ \t]*[,;][ \t]*|[ \t]+)){7,}" + _ITEM +
                       r"(?![\w%$€£₽]|[ \t]*(?:%|[$€£₽]))", re.IGNORECASE)
_DIGIT_RUN = re.compile(r"\d+")
_HEDGE_LAST = {h.split()[-1].lower() for h in HEDGES}
_LASTWORD = re.compile(r"(\S+)\s+$")


def _outside(rx: re.Pattern, text: str, s: int, e: int, spans: list[tuple[int, int]]):
    """The matches of ``rx`` in ``text[s:e]`` whose number does not start inside one of ``spans`` (bare lists of
    numbers, "1, 2, 3, 5, 8, …": a table, not claims); the scan jumps over each span instead of walking it."""
    finditer = (lambda p: gated_finditer(rx, _NUMBER_TRIGGER, text, p, e)) if rx is NUMBER_RE else \
        (lambda p: rx.finditer(text, p, e))
    pos = s
    for a, b in spans:
        for m in finditer(pos):
            if m.start("num") >= a:
                break
            yield m
        pos = max(pos, b)
    yield from finditer(pos)


def _last_word(text: str, a: int, b: int) -> str:
    """The last word of ``text[a:b]`` when white space follows it (``_LASTWORD.search``; string methods are faster
    than an end-anchored pattern tried at every offset)."""
    seg = text[a:b]
    core = seg.rstrip()
    if not core or len(core) == len(seg):
        return ""
    return core.rsplit(None, 1)[-1].lower()


def _unit_after(text: str, pos: int, limit: int) -> tuple[str | None, int, str]:
    """A count noun within four words after ``pos``: (unit, end offset, phrase up to the noun)."""
    seg = text[pos:limit]
    m = _UNIT_SEG.match(seg)
    toks = list(re.finditer(r"[\w\"“”'’.-]+", m.group(1)))[:4] if m else []
    if not toks or m.start(1) == 0 and seg[:1] not in ("", " ", "\u00a0"):
        return None, pos, ""
    for i, t in enumerate(toks):
        w = t.group(0).lower().strip("\"“”'’.")
        if w in COUNT_NOUNS:
            if i and any(x.group(0).lower() in STOP_AFTER for x in toks[:i]):
                break
            end = pos + m.start(1) + t.end()
            return COUNT_NOUNS[w], end, text[pos:end].strip()
    first = toks[0].group(0).lower().strip("\"“”'’.")
    if first in PERIOD_NOUNS:
        return "PERIOD", pos, ""
    if first in STOP_AFTER or not first.isalpha():
        return None, pos, ""
    end = pos + m.start(1) + toks[0].end()
    return first, end, text[pos:end].strip()


_MONTH_AFTER = re.compile(r"\.?\s+" + P.MONTH_RE)
_DMY_AFTER = re.compile(r"\.(?:19|20)\d\d(?!\d)")
_MONTH_BEFORE = re.compile(P.MONTH_RE + r"\s+$")
_YEARLIKE = re.compile(r"(?:1[89]\d\d|20\d\d)")


ELLIPSIS_BEFORE = re.compile(r"\b(?:apart from|except(?: for)?|other than|save for|but|only)\s+$", re.I)
PARTITIVE = re.compile(r"\s+of\s+(?:its|the|their|these|those|our|his|her)\s+(?:(?:\d[\d,.]*|"
                       + "|".join(w for w in NUMBER_WORDS if " " not in w) + r")\s+)?", re.I)


_UNIT_SEG = re.compile(r"[^\S\n]*([^,;:.()\n]*)")
_AND_NUM = re.compile(r"\s*(?:and|und|bis|и|і|та|до)\s+" + CUR_PRE.replace("cur1", "c") + r"?(?P<n2>" + NUM + ")")
_SCOPE_LIST = re.compile(r"\s+(?:[\w\"“”'’.-]+\s+){0,3}?(?:" + "|".join(COUNT_NOUNS) + r")(?![\w-])(?P<rest>,\s*[^,.;]{1,60}?"
                         r"(?:,\s*[^,.;]{1,60}?)*,?\s+and\s+[\"“”'’]?[^\W\d][\w\"“”'’-]*(?:\s+[^\W\d][\w\"“”'’-]*){0,2})", re.I)


def _partitive_unit(text: str, pos: int, limit: int) -> str | None:
    """The count noun of "two of its six border crossings" (None when there is none)."""
    pm = PARTITIVE.match(text, pos, limit)
    if not pm:
        return None
    u = _unit_after(text, pm.end() - 1, min(limit, pm.end() + 60))[0]
    return u if u in COUNT_UNITS else None


def _is_year(num: str, text: str, s: int, e: int) -> bool:
    if not _YEARLIKE.fullmatch(num):
        return False
    unit, _, _ = _unit_after(text, e, min(len(text), e + 60))
    return unit not in set(COUNT_NOUNS.values())


def _currency(m: re.Match, dyad=()) -> str | None:
    """The currency of a number expression: the word after it ("5 billion Swiss francs") names it more exactly
    than a bare "$" before it; a form several currencies share is read against the document's pair."""
    c1, c2 = (m["cur1"] or "").strip(), (m["cur2"] or "").strip()
    k1 = currency_code(c1, dyad) if c1 else None
    k2 = currency_code(c2, dyad) if c2 else None
    if k2 and (k1 is None or c1.replace("\\", "") == "$" and re.search("dollar|долл|долар", c2, re.I)):
        return k2
    return k1 or k2


def _money(c: Claim) -> bool:
    return c.unit in MONEY


def _np_before(text: str, s: int, pos: int) -> str | None:
    seg = text[s:pos]
    m = re.search(r"(?:^|\b)(?:the\s+)?([\w\s'’-]{1,60}?)\s+(?:is|are|was|were|has been|have been|had been)\s+\w*\s*$",
                  seg)
    return m.group(1).strip() if m else None
