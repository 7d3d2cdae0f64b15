"""Extraction: find every numeric claim in a text, with its span, interval, hedge, period and subject.

A small hand-written grammar over regular expressions (no language model): sentences → clauses → number
expressions (money, percentages, changes, ranges, counts, number words, fractions, folds) and verbal
probability statements. Years, dates, model names (T-72A, A-50) and list numbers are not amounts.
"""
from __future__ import annotations

import bisect
import re

from . import periods as P
from .model import Claim
from .numbers import FRACTION_WORDS, HEDGE_RE, HEDGES, NUMBER_WORDS, SCALES, interval, parse_number
from .frames import MONEY
from .subjects import clause_matches, find_dyad, trade_subject

CUR_PRE = r"(?P<cur1>US\s?\\?\$|\\?\$|€|£|₽|(?:USD|EUR|RUB|BYN|UAH|GBP)\s?)"
NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d{1,3}(?:\.\d{3})+,\d+|\d+(?:[.,]\d+)?)"
SCALE = (r"(?P<scale>\s?(?:trillion|billions?|millions?|thousand|milliarden|milliarde|millionen|bn|mn|mln|bln|tn|trn|"
         r"Mrd\.?|Mio\.?|Tsd\.?|млрд\.?|млн\.?|тыс\.?|тысяч[аи]?|трлн\.?|миллиард(?:а|ов)?|миллион(?:а|ов)?|мільярд(?:а|ів)?|"
         r"мільйон(?:а|ів)?|тис\.?|Billionen|Bio\.?|m|b|k)(?![\w\u0400-\u04ff]))")
#: currency words after a number (a prefix-factored pattern: see periods.trie_regex)
_CUR_WORDS = ("€", "₽", "us dollars", "dollars", "euro", "euros", "belarusian rubles", "belarusian roubles", "rubles",
              "roubles", "hryvnia", "hryvnias", "us-dollar", "dollar", "rubel", "byn", "usd", "eur", "rub", "uah", "gbp",
              "kzt", "cny", "pln", "рублей", "рубля", "гривень", "гривен", "гривні", "евро", "євро", "тенге", "юаней",
              "юанів", "злотых", "злотих", "złoty", "zloty", "zlotys", "yen", "jpy", "won", "krw", "иен", "ієн", "єн",
              "вон", "rupees", "rupien", "inr", "рупий", "рупій", "lira", "liras", "try", "лир", "лір")
CUR_POST = (r"(?P<cur2>\s?(?:" + P.G.trie_regex(sorted(_CUR_WORDS)) + r"|"
            r"долл\.?(?:\s?США)?|дол\.?(?:\s?США)?|доларів(?:\s?США)?|долларов(?:\s?США)?|доллара(?:\s?США)?|"
            r"белорусских\s+рублей|белорусского\s+рубля|білоруських\s+рублів|руб\.?|грн\.?)"
            r"(?![\w\u0400-\u04ff]))")
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

CHANGE_BEFORE = re.compile(
    r"\b(?P<verb>fell|fallen|falls?|falling|declined?|declining|decreased?|decreasing|dropped|drops?|dropping|"
    r"plunged|plunging|plummeted|slumped|shrank|shrunk|shrinking|contracted|contracting|slid|sliding|lost|cut|"
    r"reduced|down|lower|rose|risen|rises?|rising|increased?|increasing|grew|grown|grows?|growing|jumped|jumping|"
    r"climbed|climbing|surged|surging|soared|gained|gaining|up|higher|expanded|expanding|widened|narrowed|"
    r"ballooned|swelled|rocketed|skyrocketed|tumbled|sank|slipped|dipped|eased|advanced|leapt|leaped|edged\s+up|"
    r"edged\s+down|shot\s+up)"
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
    r"ein Viertel|ein Drittel|zwei Drittel|die Hälfte|drei Viertel|две трети|треть|четверть|половин[аеуы]|"
    r"три четверти|дві третини|третин[аиу]|чверть|три чверті)(?![\w\u0400-\u04ff])"
    r"(?=\s+(?:of|went|was|were|came|is|are|der|des|von|ging|gingen|entf\w*|[\w\u0400-\u04ff]+(?:ок|ов|ей|ів|ь|ий|ых)\b|"
    r"(?:экспорт|импорт|експорт|імпорт|товарооборот|торгівл|торговл|всего|всей|усього|всього|"
    r"[\u0400-\u04ff]+(?:ого|ої|ой|их)\s+(?:экспорт|импорт|експорт|імпорт|товарооборот|торгівл|торговл))[\u0400-\u04ff]*)|"
    r"\s+and\s+|\s*[,;.)])",
    re.IGNORECASE)
_TIMES_CONTEXT = re.compile(r"\b(?:rose|risen|increased|grew|grown|jumped|expanded|surged|higher|more|larger|bigger|"
                            r"greater|up|fell|fallen|decreased|declined|dropped|shrank|lower|less|smaller|fewer|"
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
FORECAST_RE = re.compile(
    r"\b(?P<subj>(?:the\s+)?(?:prospects?|probability|chances?|likelihood|risk|possibility|odds)\b[^.;:!?]{0,220}?)"
    r"\b(?:is|are|remains?|seems?|appears?|looks?|was|were)\s+(?:still\s+|now\s+|also\s+)?"
    r"(?P<p>(?:very|fairly|rather|quite|extremely|relatively|increasingly)\s+(?:low|high|slim|small|remote|limited)|"
    r"low|high|slim|small|remote|negligible|minimal|moderate|considerable|significant|substantial)\b"
    r"|\b(?P<subj2>[A-Z][^.;:!?]{0,160}?)\b(?:is|are|remains?|seems?|appears?)\s+(?P<p2>(?:highly|very|most|"
    r"extremely|quite|rather|fairly)?\s*(?:unlikely|likely|improbable|probable|almost certain|virtually certain))"
    r"\s+(?:to|that)\b"
    r"|\bit is (?P<p3>(?:highly |very |most |extremely |quite |rather |fairly )?(?:unlikely|likely|improbable|probable|"
    r"almost certain|virtually certain)) that (?P<subj3>[^.;:!?]{0,160})", re.IGNORECASE)
#: verbal probability -> (low, high) probability (documented in docs/check.md)
VERBAL_PROB = [
    (r"(?:almost|virtually) certain", (0.90, 0.99)), (r"(?:highly|very|most|extremely) likely", (0.80, 0.95)),
    (r"(?:highly|very|extremely) unlikely|(?:very|extremely) (?:low|slim|small)|remote|negligible|minimal|slim",
     (0.01, 0.10)),
    (r"(?:fairly|rather|quite|relatively) unlikely|unlikely|improbable", (0.10, 0.33)),
    (r"(?:fairly|rather|quite|relatively) (?:low|small|limited)|low|small|limited", (0.10, 0.25)),
    (r"likely|probable", (0.55, 0.80)), (r"moderate", (0.30, 0.60)),
    (r"(?:very|extremely) high", (0.80, 0.95)), (r"(?:fairly|rather|quite|relatively) high|high|considerable|"
                                                 r"significant|substantial", (0.55, 0.80)),
]
LATEST_RE = re.compile(r"\b(?:most recent|latest)(?: available)? (?:data|figures|statistics|numbers)|"
                       r"\blatest available\b|\bmost recent available\b", re.IGNORECASE)
ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|No|Nos|Mrd|Mio|Tsd|approx|vs|c|e\.g|i\.e|U\.S|U\.K|St|Jan|Feb|Mar|Apr|"
                    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Art|p|pp|vol|etc|Inc|Ltd|Co|млрд|млн|тыс|руб|долл)|\b[A-Z])$")
SENT_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(\[—–\-*A-ZÀ-ÖØ-Þ\u0400-\u042f\d$\\])|\n\s*\n|\n(?=\s*[-*•])")
CLAUSE_SPLIT = re.compile(r",\s+(?:and|but|while|whereas|а|но|тогда как|в то время как|тоді як|але|und|aber|während)\s+|"
                          r";\s+|\s+(?:while|whereas|but)\s+|,\s+(?=(?:and\s+)?"
                          r"(?:in|by)\s+(?:January|February|March|April|May|June|July|August|September|October|"
                          r"November|December|\d{4})\b)")
#: substrings without which WORDNUM_RE, FRACTION_RE and FORECAST_RE cannot match a sentence
_WORD_GATE = tuple(w for w in NUMBER_WORDS if " " not in w)
_FRACTION_GATE = ("half", "third", "quarter", "fifth", "tenth", "doubled", "tripled", "trebled", "quadrupled",
                  "drittel", "viertel", "hälfte", "трет", "четверт", "половин", "чверт",
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
    r"|" + _VHEDGE.replace("hedge", "hedge3") + r"(?P<de>verdoppelt|verdreifacht|vervierfacht|verzehnfacht|halbiert)\b"
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
_BY_FRAC = {"two-thirds": 2 / 3, "two thirds": 2 / 3, "zwei drittel": 2 / 3, "две трети": 2 / 3,
            "дві третини": 2 / 3, "a third": 1 / 3, "one third": 1 / 3, "a quarter": 0.25, "half": 0.5, "a fifth": 0.2, "a tenth": 0.1,
            "ein drittel": 1 / 3, "ein viertel": 0.25, "die hälfte": 0.5, "треть": 1 / 3, "четверть": 0.25,
            "половину": 0.5, "третину": 1 / 3, "чверть": 0.25, "одной трети": 1 / 3, "трети": 1 / 3,
            "четверти": 0.25, "половины": 0.5, "третини": 1 / 3, "чверті": 0.25}
_VERBAL_GATE = ("fold", "double", "triple", " times", "fache", "mal ", "verdopp", "verdreif", "vervierf", "verzehnf", "halbiert",
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
#: what follows a German ordinal's dot that keeps the sentence going ("im 1. Quartal", "vom 3. Platz")
_ORDINAL_SPLIT = re.compile(r"(?:Platz|Rang|Stelle|Quartal|Quartals|Halbjahr|Halbjahres|Jahreshälfte|Januar|Februar|"
                            r"März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b")
#: a scale abbreviation after a number: a sentence may end on it ("… $6,2 млрд. В прошлом году …")
_SCALE_ABBREV = re.compile(r"(?:\d\s?(?:млрд|млн|тыс|трлн|Mrd|Mio|Tsd)|(?:млрд|млн|тыс|трлн)\.?\s(?:долл|дол|руб|грн))$")
_CURRENCY_NEXT = re.compile(r"(?:[a-zа-яіїєґäöüß\d]|(?:США|USA|US|Euro|EUR|Dollar|US-Dollar|USD|Złoty|Zloty|Rubel|Franken|Pfund|Yen|"
                            r"Yuan|Won|Tenge|Hrywnja|Lari|Lira|Tonnen|Barrel|Kubikmeter|Menschen|Personen)\b)")
_FIRST_BEFORE = re.compile(r"(?:\b(?:first|last|ersten|letzten)|(?<![\w\u0400-\u04ff])(?:первые|первых|последние|"
                           r"перші|перших|останні))\s+$", re.IGNORECASE)
_MONTHS_AFTER = re.compile(r"\s+(?:months|Monate|Monaten|месяц\w*|місяц\w*)", re.IGNORECASE)
_FORECAST_GATE = ("prospect", "probab", "chance", "likel", "risk", "possib", "odds", "certain")
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


#: a "sentence" longer than this (a table flattened to text, a list of thousands of numbers) is cut into pieces
#: at a comma, semicolon or space, so that the per-sentence work stays bounded and ``check`` linear in the text
MAX_SENTENCE = 800
#: within a long clause, subjects and periods are looked for this many characters either side of a number
_WINDOW = 300
_CUT = re.compile(r"[,;]\s|\s")


def _pieces(text: str, start: int, end: int):
    while end - start > MAX_SENTENCE:
        lim = start + MAX_SENTENCE
        cut = None
        for m in _CUT.finditer(text, start + MAX_SENTENCE // 2, lim):
            cut = m.end()
        cut = cut or lim
        yield start, cut
        start = cut
    yield start, end


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
    pos = s
    for a, b in spans:
        for m in rx.finditer(text, pos, e):
            if m.start("num") >= a:
                break
            yield m
        pos = max(pos, b)
    yield from (m for m in rx.finditer(text, pos, e))


def _last_word(text: str, a: int, b: int) -> str:
    m = _LASTWORD.search(text, a, b)
    return m.group(1).lower() if m else ""


def sentences(text: str) -> list[tuple[int, int, int]]:
    """Sentence spans ``(start, end, paragraph_no)``; paragraphs are separated by blank lines; over-long
    sentences are cut into pieces of at most :data:`MAX_SENTENCE` characters."""
    out = []
    for s, e, p in _sentences(text):
        if e - s > MAX_SENTENCE:
            out.extend((a, b, p) for a, b in _pieces(text, s, e))
        else:
            out.append((s, e, p))
    return out


def _sentences(text: str) -> list[tuple[int, int, int]]:
    out = []
    para = 0
    start = 0
    for m in SENT_END.finditer(text):
        if m.group(0)[0] == "." and ABBREV.search(text[max(0, m.start() - 6):m.start()]) and not (
                _SCALE_ABBREV.search(text, max(0, m.start() - 14), m.start()) and
                not _CURRENCY_NEXT.match(text, m.end())):
            continue                                # "Mrd. Euro" goes on; "… 6,2 млрд. В прошлом году" ends
        if m.group(0)[0] == "." and _ORDINAL_SPLIT.match(text, m.end()) and \
                re.search(r"(?<![\d.,])\d{1,2}$", text[max(0, m.start() - 4):m.start()]):
            continue                                # "im 1. Quartal 2022", "am 12. März": an ordinal, not an end
        end = m.start() + 1
        if text[start:end].strip():
            out.append((start, end, para))
        if "\n\n" in m.group(0).replace(" ", "").replace("\r", "") or re.search(r"\n\s*\n", m.group(0)):
            para += 1
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text), para))
    return out


def clauses(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, cur = [], s
    for m in CLAUSE_SPLIT.finditer(text, s, e):
        out.append((cur, m.start()))
        cur = m.end()
    out.append((cur, e))
    return out


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


def _currency(m: re.Match) -> str | None:
    c = ((m["cur1"] or "") + " " + (m["cur2"] or "")).strip().lower().replace("\\", "")
    if not c:
        return None
    for key, code in (("belarusian r", "BYN"), ("белорус", "BYN"), ("білорус", "BYN"), ("us", "USD"), ("$", "USD"), ("dollar", "USD"), ("usd", "USD"), ("дол", "USD"),
                      ("€", "EUR"), ("eur", "EUR"), ("евро", "EUR"), ("євро", "EUR"), ("£", "GBP"), ("gbp", "GBP"),
                      ("byn", "BYN"), ("₽", "RUB"), ("rub", "RUB"), ("roub", "RUB"),
                      ("руб", "RUB"), ("hryvn", "UAH"), ("uah", "UAH"), ("грн", "UAH"), ("гривн", "UAH"),
                      ("гривен", "UAH"), ("гривень", "UAH"), ("kzt", "KZT"), ("тенге", "KZT"), ("cny", "CNY"),
                      ("юан", "CNY"), ("pln", "PLN"), ("злот", "PLN"), ("złot", "PLN"), ("zlot", "PLN"),
                      ("yen", "JPY"), ("jpy", "JPY"), ("иен", "JPY"), ("єн", "JPY"), ("won", "KRW"), ("krw", "KRW"),
                      ("вон", "KRW"), ("rupee", "INR"), ("rupien", "INR"), ("inr", "INR"), ("рупи", "INR"),
                      ("рупі", "INR"), ("lira", "TRY"), ("try", "TRY"), ("лир", "TRY"), ("лір", "TRY")):
        if key in c:
            return code
    return None


class Extractor:
    def __init__(self, text: str, date: str | None = None):
        self.text = text
        self.date = date
        self.claims: list[Claim] = []
        self.dyad = find_dyad(text)
        self._n = 0
        self._prev_sure = (False, False)         # the last flow stated: (subject_sure, subject_named)
        #: the document's pair when the text establishes it (each country named at least twice), else empty
        self._firm_dyad = set(self.dyad) if len(self.dyad) == 2 and all(
            n >= 2 for n in _mentions(text, self.dyad)) else set()

    def _new(self, **kw) -> Claim:
        self._n += 1
        c = Claim(id=f"C{self._n}", **kw)
        self.claims.append(c)
        return c

    # ------------------------------------------------------------------ main loop
    def run(self) -> list[Claim]:
        text = self.text
        context_year: int | None = None
        context_period: tuple[int, int] | None = None
        doc = P.G._as_date(self.date) if self.date else None
        topic: tuple[int, int] | None = None     # the latest period the paragraph's figures took so far
        last_own: tuple[int, int] | None = None  # the period the last dated sentence's figures took
        context_unique = False                   # the sentence that set context_period named only that period
        last_para = -1
        prev_subject = None
        for s, e, para in sentences(text):
            if para != last_para:
                context_period, prev_subject, last_para, topic = None, None, para, None
            mentions = P.find_periods(text, s, e, self.date)
            first = len(self.claims)
            self._numbers(s, e)
            low = text[s:e].lower()                 # cheap gates: most sentences have no words to look for
            if any(w in low for w in _WORD_GATE):
                self._words(s, e)
            if any(w in low for w in _FRACTION_GATE):
                self._fractions(s, e)
            if any(w in low for w in _VERBAL_GATE):
                self._verbal(s, e, first)
            if any(w in low for w in _FORECAST_GATE):
                self._forecasts(s, e)
            new = sorted(self.claims[first:], key=lambda c: c.span[0])
            self.claims[first:] = new
            mentions = [m for m in mentions if not any(c.span[0] <= m.start < c.span[1] for c in new)]
            attributive = {}                     # "X's 2022 surplus of $2.2 billion": the year dates the next figure
            for m in mentions:
                if _ATTRIB_BEFORE.search(text, max(s, m.start - 8), m.start) and _ATTRIB_AFTER.match(text, m.end) or \
                        _POSSESSIVE.match(text, m.end):  # "September's decline of 16%", "2022's surplus"
                    nxt = next((c for c in new if c.span[0] >= m.end), None)
                    if nxt is not None:
                        attributive[id(m)] = nxt
            next_fig = {}                        # mention -> the figure right after it ("за январь–август — 3,8 млрд")
            starts = [x.span[0] for x in new]
            for m in mentions:
                i = bisect.bisect_left(starts, m.end)
                if i < len(new) and new[i].span[0] < m.end + 8 and _DASH_ONLY.fullmatch(text, m.end, new[i].span[0]):
                    next_fig[id(m)] = new[i]
            own_after = {}                       # claim id -> the period written right after it ("$5bn in 2021")
            for m in mentions:
                c0 = next((c for c in reversed(new) if c.span[1] <= m.start), None)
                if c0 is None or not _JUST_PERIOD.fullmatch(text, c0.span[1], m.start):
                    continue
                own_after[c0.id] = m
                if not m.base and c0.kind != "change" and _FROM_BEFORE.search(text, max(s, c0.span[0] - 12),
                                                                              c0.span[0]):
                    m.base = True                # "from €20 million in 2021 to …": the year of the base only
            own_before = {}                      # claim id -> a comparison period written just before it, then
            for m in mentions:                   # "(" or a dash: "… прошлого года ($3,8 млрд)", "годом ранее — $1 млрд"
                i = bisect.bisect_left(starts, m.end)
                if i < len(new) and _OPEN_BEFORE.fullmatch(text, m.end, new[i].span[0]):
                    own_before[new[i].id] = m
            # periods -------------------------------------------------------------
            if context_year is None and doc is not None:
                # a month or quarter without a year before any year is named: the latest one by the document's
                # date ("in October", written on 28 November 2019, is October 2019)
                for m in mentions:
                    if m.period is None and m.months and not m.same_period and not m.earlier:
                        context_year = doc.year - (1 if m.months[1] > doc.month else 0)
                        break
            main = [m for m in mentions if not m.base]
            year0 = context_year
            if main:
                for m in main:
                    if m.earlier or m.same_period:
                        continue                    # "a year earlier" does not set the year of the sentence
                    p = P.resolve(m, context_year, context_period)
                    if p is not None:
                        context_year = P.year_of(p)
                        if year0 is not None:
                            break
            # a subordinate clause ("…, nachdem er 2022 noch …", "…, after it had …", "…, когда …") has its own period
            sent_clauses = [p for a, b in clauses(text, s, e) for p in _split_at(_SUBORDINATE, text, a, b)]
            resolvable = [m for m in main if m.earlier or P.resolve(m, context_year, context_period) is not None]
            for c in new:
                if c.kind == "forecast":
                    continue
                cands = resolvable
                cl = next(((a, b) for a, b in sent_clauses if a <= c.span[0] < b), (s, e))
                inc = [m for m in cands if cl[0] <= m.start < cl[1]]
                if inc:
                    cands = inc
                elif cands:
                    # no period in the claim's clause: one written before it in the sentence; else the period
                    # in context (a later clause's period belongs to that clause: "… auf 64,7 Mrd. Euro zurück;
                    # im 1. Quartal 2022 hatte …"); only without a context the period of a later clause
                    before = [m for m in cands if m.end <= c.span[0] and not (
                        doc is not None and m.period is not None and _future(m.period, doc))]
                    # … or a trailing one that no other figure stands before ("$89 billion recorded a decade
                    # earlier, in 2013")
                    trail = [m for m in cands if m.start >= c.span[1] and not any(
                        x is not c and c.span[1] <= x.span[0] < m.start for x in new) and not any(
                        a <= m.start < b and any(a <= x.span[0] < b for x in new) for a, b in sent_clauses)]
                    cands = before or trail or ([] if context_period is not None else cands)
                if len(cands) > 8:                       # a long piece: only mentions near the number compete
                    cands = [m for m in cands if abs(m.start - c.span[0]) < _WINDOW] or cands
                # "a year earlier", "im Vorjahreshalbjahr" date only the figure they follow; an attributive year
                # ("Kazakhstan's 2022 surplus of …") only the first figure after it
                cands = [m for m in cands if (not m.earlier or own_after.get(c.id) is m) and not (
                    id(m) in attributive and attributive[id(m)] is not c)]
                # a rate ("$100 billion a year", "11 млн тонн в год") whose clause names no period has none: the
                # period in context is not carried to it
                free = not inc and _RATE_AFTER.match(text, c.span[1]) is not None
                if free:
                    cands = []
                att = [m for m in mentions if attributive.get(id(m)) is c]
                if att and own_after.get(c.id) is None:
                    cands = att[-1:]             # "than September's decline of 16%": its own, even in a comparison
                ob = own_before.get(c.id)
                if ob is not None and (ob.base or ob.same_period or ob.earlier):
                    cands = [ob]                 # "… за аналогичный период прошлого года ($3,8 млрд)"
                oa = own_after.get(c.id)
                if oa is not None and oa.base and c.kind != "change" and (
                        oa.period is not None or oa.months or oa.same_period or oa.earlier):
                    cands = [oa]
                if cands:
                    # a period written after this figure but just before another one is that one's ("за
                    # январь–июль … 3,4 млрд, за январь–август — 3,8 млрд")
                    best = min(cands, key=lambda m: _period_rank(text, m, c) + (
                        200 if m.start >= c.span[1] and next_fig.get(id(m), c) is not c and
                        _period_rank(text, m, c) > 0 else 0))
                    cur = context_period
                    if best.earlier or best.same_period:   # before the period of the figures before it
                        prev = next((P.parse(x.period) for x in reversed(new[:new.index(c)]) if x.period), None)
                        cur = prev or (last_own if best.same_period and best.year_shift == 0 and last_own else cur)
                    c.period = P.fmt(P.resolve(best, context_year, cur))
                    c.period_sure = c.period is not None
                    c.__dict__["own_period"] = c.period_sure
                elif context_period is not None and not free and not _NOW_OPENS.match(text, s, e):
                    c.period = P.fmt(context_period)
                    # carried over: sure only when the sentence it comes from named no other period
                    c.period_sure = context_unique
                if c.kind == "change":
                    bases = [m for m in mentions if m.base]
                    cur = P.parse(c.period)
                    if bases:
                        b = min(bases, key=lambda m: _dist(m.start, m.end, *c.span))
                        c.base_period = P.fmt(P.resolve(b, P.year_of(cur), cur))
                    elif cur is not None:
                        c.base_period = P.fmt((cur[0] - 12, cur[1] - 12))
            for a_, b_ in zip(new, new[1:]):
                # a comparison pair without a period of its own: the earlier figure is the same quantity a year
                # before ("949 Mio. Dollar nach 451 Mio. Dollar", "$3,4 млрд против $2,8 млрд", "narrowed to $30.8
                # billion from $51.1 billion", "fell from €1.36 billion to €1.03 billion", "sank von 20,2 % auf
                # 19,9 %", "з 28,1 млрд до 20,3 млрд")
                if a_.kind != b_.kind or a_.unit != b_.unit or a_.kind not in ("level", "share", "balance"):
                    continue
                if _BASE_BETWEEN.fullmatch(text, a_.span[1], b_.span[0]):
                    now, old = a_, b_
                elif _TO_BETWEEN.fullmatch(text, a_.span[1], b_.span[0]) and _FROM_BEFORE.search(
                        text, max(s, a_.span[0] - 12), a_.span[0]) and a_.period == b_.period:
                    now, old = b_, a_
                else:
                    continue
                pa = P.parse(now.period)
                if pa is not None and own_after.get(old.id) is None:
                    old.period = P.fmt((pa[0] - 12, pa[1] - 12))
                    old.__dict__["comparison"] = True
            own = [c.period for c in new if c.period and c.kind != "forecast" and not c.__dict__.get("comparison")]
            if doc is not None:                     # a period after the document's date is the horizon of a target
                own = [x for x in own if not _future(P.parse(x), doc)]   # ("$10 billion by 2030"): never carried
            if own and any(c.__dict__.get("own_period") for c in new):
                # the period in context for the next sentence: the one most of this sentence's figures take (a
                # comparison figure, "nach 17,5 Mrd. Euro ein Jahr zuvor", "than the $24.2 billion recorded in
                # 2022", does not move the topic); (see the tie rule below)
                counts = {}
                for x in own:
                    counts[x] = counts.get(x, 0) + 1
                top = max(counts.values())
                # a tie goes to the latest period (comparisons look back: "€6.3 billion in 2021, rose to €9.73
                # billion in 2022 and to €11.4 billion in 2023")
                p_own = max((P.parse(x) for x in counts if counts[x] == top), key=lambda k: (k[1], k[0]))
                context_unique = len(counts) == 1
                last_own = p_own                 # "за тот же период" in the next sentence means this one
                if context_period is not None and context_period[0] <= p_own[0] and p_own[1] <= context_period[1] \
                        and p_own != context_period and _ALONE.search(text, s, e):
                    p_own = context_period       # "In the first quarter alone …": an aside within the period in context
                if topic is not None and p_own[1] < topic[0]:
                    # a sentence about an earlier period is a look back: the next one returns to the text's
                    # latest period ("… 2023 … In 2022 exports were X. Imports came to Y" dates Y 2023)
                    p_own = topic
                context_period = p_own
                context_year = P.year_of(p_own)
                if topic is None or p_own[1] > topic[1]:
                    topic = p_own
            elif main:
                # a look back ("Im Vorjahr hatte …", "Годом ранее …") in a sentence whose figures took the period
                # in context does not move that period
                last = max(main, key=lambda m: m.start)
                p = P.resolve(last, _year_before(mentions, last.start, context_year, context_period), context_period)
                if new and last.earlier or doc is not None and _future(p, doc):
                    p = None
                if p is not None:
                    dated = {c.period for c in new if c.period and c.kind != "forecast"}
                    context_unique = dated == {P.fmt(p)} or len({P.fmt(P.resolve(
                        m, _year_before(mentions, m.start, context_year, context_period), context_period))
                        for m in main}) == 1
                    context_period = p
            # subjects -------------------------------------------------------------
            if new:
                prev_subject = self._subjects(new, s, e, prev_subject)
            elif e - s < MAX_SENTENCE and _FLOW_WORDS.search(text, s, e):
                # a sentence without numbers can still name the flow the next one calls "it"/"sie"/"он"
                subj = trade_subject(text, s, e, (e, e), self.dyad, None, clause_matches(text, s, e))
                if subj is not None and subj[0] in ("exports", "imports") and subj[1] and subj[2]:
                    prev_subject = subj
                    self._prev_sure = (self._sure_flow(subj, s, e),) * 2
            self._respectively(new, s, e)
            self._link(new)
            if LATEST_RE.search(text, s, e):
                for c in new:
                    c.latest_data = True
            if new:
                self._sure(new, s, e)
        return self.claims

    def _sure(self, new: list[Claim], s: int, e: int) -> None:
        """Mark each claim whose subject is established by its own sentence (see Claim.subject_sure)."""
        named = None
        for c in new:
            if not (c.reporter and c.partner):
                continue
            if c.__dict__.get("by_topic"):
                c.subject_sure = c.subject_named = False
                continue
            if c.__dict__.get("by_pronoun"):
                # "Sie stiegen um 21 Prozent": the flow named in the sentence before
                c.subject_sure, c.subject_named = self._prev_sure
                continue
            if named is None:
                named = {iso for m in P.COUNTRY_RE.finditer(self.text, s, e) if (iso := P.country(m.group(1)))}
            both = {c.reporter, c.partner}
            c.subject_named = both <= named
            # one of the pair named and the other the document's other country, no third country named; a
            # turnover "between the two states" needs no name
            c.subject_sure = c.subject_named or (both <= self._firm_dyad and named <= self._firm_dyad and (
                bool(both & named) or c.indicator == "turnover"))
            if not c.subject_sure:
                # "Sie stiegen um 21 Prozent auf 78,4 Milliarden Euro": the subject an earlier figure of the
                # sentence established
                twin = next((x for x in new if x.span[0] < c.span[0] and x.subject == c.subject and x.subject_sure), None)
                if twin is not None:
                    c.subject_sure, c.subject_named = True, twin.subject_named
        flows = [c for c in new if c.indicator in ("exports", "imports", "turnover") and c.reporter and c.partner]
        if flows:
            self._prev_sure = (flows[-1].subject_sure, flows[-1].subject_named)

    def _sure_flow(self, subj, s: int, e: int) -> bool:
        """Whether both countries of a flow named by a sentence without numbers are named there."""
        named = {iso for m in P.COUNTRY_RE.finditer(self.text, s, e) if (iso := P.country(m.group(1)))}
        return {subj[1], subj[2]} <= named

    # ------------------------------------------------------------------ digits
    def _numbers(self, s: int, e: int) -> None:
        text = self.text
        consumed = s
        lists = ([(x.start(), x.end()) for x in BARE_LIST.finditer(text, s, e)]
                 if len(_DIGIT_RUN.findall(text, s, e)) >= 8 else [])
        for m in _outside(NUMBER_RE, text, s, e, lists):
            ns, ne = m.start("num"), m.end()
            if ns < consumed:
                continue
            ms = m.start()
            if ms > s and text[ms - 1].isspace():
                hm = HEDGE_BEFORE.search(text, max(s, ms - 40), ms) if _last_word(text, max(s, ms - 40), ms) \
                    in _HEDGE_LAST else None
            else:
                hm = None
            hedge_by = False
            if hm is None and ms > s and _LAST_ON.search(text, max(s, ms - 6), ms):   # "более чем на 10%"
                hm = _HEDGE_BY.search(text, max(s, ms - 40), ms)
                hedge_by = hm is not None
            mstart = hm.start() if hm else m.start()
            before = text[max(0, ns - 12):ns] if not m["cur1"] else text[max(0, mstart - 12):mstart]
            prev = text[ns - 1] if ns else " "
            if not m["cur1"] and (prev.isalnum() or prev in "-–/." and ns >= 2 and text[ns - 2].isalnum()):
                continue
            if SKIP_BEFORE.search(before):
                continue
            if not (m["pct"] or m["scale"] or m["cur1"] or m["cur2"] or m["fold"] or m["num2"]) and (
                    _ORDINAL_AFTER.match(text, m.end("num")) or (_FIRST_BEFORE.search(before)
                                                                  and _MONTHS_AFTER.match(text, m.end("num")))):
                continue                            # "vom 14. auf den 46. Platz", "im 1. Quartal", "первые 6 месяцев"
            if prev == "(" and text[m.end("num"):m.end("num") + 1] == ")" and not (m["pct"] or m["cur1"]):
                continue                            # "(2)": a list marker
            if text[ne:ne + 1].isdigit() or (not m["pct"] and not m["scale"] and not m["cur2"]
                                                   and not m["fold"] and SKIP_AFTER.search(text[m.end("num"):m.end("num") + 3])):
                continue
            num, cur = m["num"], _currency(m)
            scale_txt = (m["scale"] or "").strip()
            sc_key = scale_txt.lower().rstrip(".")
            mult, comma = SCALES.get(sc_key, (1.0, False))
            if sc_key in ("m", "b", "k") and not cur:
                continue                            # "5 m" without a currency is a distance, not money
            if not (cur or m["pct"] or scale_txt) and (
                    (re.fullmatch(r"\d{1,2}[.,]\d{1,2}", num) and _DMY_AFTER.match(text, m.end("num")))
                    or (text[m.end("num"):m.end("num") + 1] or "x") in "»”\""):
                continue                            # "15.08.2023"; «Россия 24»: a date, a name
            if (len(num) <= 2 and num.isdigit() and _MONTH_AFTER.match(text, ne, ne + 14)
                    and not (cur or m["pct"] or scale_txt)):
                continue                            # "16 May 2024"
            if _MONTH_BEFORE.search(text, max(0, ns - 11), ns) and not (cur or m["pct"] or scale_txt):
                continue                            # "February 24, 2022"
            if not (cur or m["pct"] or scale_txt or m["fold"]) and _is_year(num, text, ns, ne):
                continue
            pv = parse_number(num, decimal_comma=comma, round_zeros=not (m["pct"] or scale_txt))
            if pv is None:
                continue
            hedge = hm["hedge"].lower() if hm else None
            start = mstart if hm else (m.start("cur1") if m["cur1"] else ns)
            if m["cur1"] and text[start] == "\\":
                start += 1
            end = m.end()
            kind, unit, direction = "level", cur, None
            value, half = pv.value * mult, pv.half_unit * mult
            lo, hi = interval(value, half, hedge)
            if m["num2"]:
                p2 = parse_number(m["num2"], decimal_comma=comma)
                if p2 is None or p2.value * mult < value:
                    continue
                kind, lo, hi, value = "range", value, p2.value * mult, (value + p2.value * mult) / 2
            pre = text[max(s, start - 60):start]
            if hedge_by:                               # "вырос примерно на 7%": the change verb is before the hedge
                pre = text[max(s, ms - 60):ms]
            post = text[end:min(e, end + 80)]
            pct_range = None
            if scale_txt and mult >= 1e6 and not m["pct"]:   # "$3 bln 417 mln", "1 млрд 214 млн долларов": one amount
                cm = _COMPOUND.match(text, end, e)
                if cm:
                    m_small = SCALES.get(cm["s"].lower().rstrip("."), (0.0, False))[0]
                    if 0 < m_small < mult:
                        value = value + float(cm["n"]) * m_small
                        half = 0.5 * m_small
                        lo, hi = interval(value, half, hedge)
                        end = cm.end()
                        if not cur:
                            cp = _CUR_AFTER.match(text, end, e)
                            if cp:
                                cur, end = _currency(cp), cp.end()
                                unit = cur
            elif cur and not scale_txt and pv.value < 1000:   # "$4.27 worth": the scale of the figures around
                prev_money = next((x for x in self._recent(start - 400) if _money(x) and x.scale_text), None)
                if prev_money is not None and (_WORTH_AFTER.match(text, end) or prev_money.sentence[0] == s):
                    mult = SCALES.get(prev_money.scale_text.lower().rstrip("."), (1.0, False))[0]
                    value, half = pv.value * mult, pv.half_unit * mult
                    lo, hi = interval(value, half, hedge)
            bm = BETWEEN_RE.search(pre)
            if bm and not m["num2"]:
                m2 = _AND_NUM.match(post)
                if m2:
                    p2 = parse_number(m2["n2"], decimal_comma=comma)
                    if p2 is not None:
                        scale2 = re.match(SCALE.replace("scale", "s2"), post[m2.end():])
                        mult2 = mult if not scale2 else SCALES.get(scale2.group(0).strip().lower().rstrip("."),
                                                                     (mult, False))[0]
                        if not scale_txt and scale2:
                            mult = mult2
                            value, lo = pv.value * mult2, pv.value * mult2
                        kind, lo, hi = "range", value, p2.value * mult2
                        value = (lo + hi) / 2
                        start = start - len(pre) + bm.start()
                        end = end + m2.end() + (scale2.end() if scale2 else 0)
                        pm2 = _PCT_AFTER.match(text, end) if not (m["pct"] or cur or scale2) else None
                        if pm2:
                            pct_range = "pp" if re.search(r"point|punkt|пункт|п\.|в\.", pm2.group(0), re.I) \
                                else "pct"
                            end = pm2.end()
                        post = text[end:min(e, end + 80)]
            m3 = TO_RANGE.match(text, end, e) if kind == "level" and not (cur or m["pct"] or scale_txt
                                                                           or m["fold"]) else None
            if m3 and not FROM_BEFORE.search(pre) and not CHANGE_BEFORE.search(pre):
                p2 = parse_number(m3["n2"], decimal_comma=comma)
                if p2 is not None and p2.value > pv.value:
                    kind, lo, hi = "range", value, p2.value
                    value = (lo + hi) / 2
                    end = m3.end()
                    post = text[end:min(e, end + 80)]
            if pct_range:
                unit = pct_range
            elif m["pct"]:
                pct = m["pct"].strip().lower()
                unit = "pp" if (pct.startswith(("percentage", "pp", "p.p", "п.", "в.")) or "punkt" in pct
                                or "пункт" in pct) else "pct"
                cb, ca, cn = CHANGE_BEFORE.search(pre), CHANGE_AFTER.search(post), CHANGE_NOUN_OF.search(pre)
                fdir = _other_change(pre, post) if not (cb or ca or cn) else None
                if fdir is None and not (cb or ca or cn) and _UM_AUF.search(pre) and _AUF_AFTER.match(post):
                    # "ist 2017 um 30 % auf 15,4 Mrd. Dollar gewachsen": "um … auf" is a change; its verb
                    # (and so its direction) comes at the end of the clause
                    tail = text[end:min(e, end + 120)].split(";")[0]
                    prev = next((x for x in self._in_sentence(s) if x.span[1] <= start and x.kind == "change"), None)
                    cut = _CLAUSE_CUT.search(text, end, min(e, end + 120))
                    late = _DE_LATE_END.search(text, end, cut.end() if cut else min(e, end + 120) + 1)
                    if late is not None:
                        fdir = "down" if late["down"] else "up"
                    elif _DE_DOWN_LATE.search(tail):
                        fdir = "down"
                    elif prev is not None and prev.kind == "change" and prev.unit == "pct" and prev.direction and \
                            not _OTHER_CHANGE.search(text, prev.span[1], start) and "," in text[prev.span[1]:start]:
                        fdir = prev.direction            # "… sanken um 19,2 % auf …, die Ausfuhren um 8,8 % auf …"
                    else:
                        fdir = "up"
                if fdir is None and not (cb or ca or cn) and _ON_BEFORE.search(pre):
                    mm = _MORE_AFTER.match(post)        # "на 9,4% більше", "um 5 Prozent weniger"
                    fdir = ("down" if mm.group(1).lower().startswith(("мен", "wen", "low", "less", "nied", "ниж", "нижч"))
                            else "up") if mm else None
                if fdir is None and not (cb or ca or cn):
                    rv = _RU_VERB_DIRECT.search(pre)
                    ag = None if rv else _AGAINST_AFTER.match(post)
                    if rv:                              # "прибавили 32,6%"
                        fdir = "down" if _OTHER_DOWN.match(rv["w"]) else "up"
                    elif ag:                            # "12,6 % unter dem Vorjahresmonat"
                        fdir = "down" if ag["d"].lower() in ("unter", "below") else "up"
                sign = _SIGN_BEFORE.search(pre)
                if fdir or (sign and not (cb or ca or cn)):
                    kind, direction = "change", fdir or ("down" if sign.group(1)[0] in "-−–мm" or
                                                         sign.group(1)[:1].lower() in "мm" else "up")
                    if direction == "down" and value > 0:
                        value, lo, hi = -value, -hi, -lo
                    if sign and not text[start - 1:start].isspace() and text[start - 1:start] in "+-−–":
                        start -= 1
                elif INDEX_AFTER.search(post) and not cb:
                    kind, direction = "change", ("up" if value >= 100 else "down")
                    value, lo, hi = value - 100, lo - 100, hi - 100
                elif cb or ca or cn:
                    word = (cb or ca or cn).group("verb" if cb else "noun") if (cb or ca or not cn["dnoun"]) else \
                        cn["dnoun"]
                    word = word.lower()
                    if word.startswith(("rückg", "einbr", "minus")):
                        word = "decline"
                    if word in ("more", "less", "higher", "lower") and not (ca and re.match(
                            r"\s*(?:more|less|higher|lower)\s+than", post)):
                        word = word
                    kind, direction = "change", ("down" if word in DOWN_WORDS else "up")
                    if direction == "down" and value > 0:
                        value, lo, hi = -value, -hi, -lo
                elif SHARE_BEFORE.search(pre) or SHARE_AFTER.search(post) or _SHARE_WORD.search(text, s, start):
                    kind = "share"
                else:
                    prev = self._previous(s, start)
                    pch = next((x for x in self._in_sentence(s) if x.span[1] <= start and x.kind == "change"
                                and x.unit == unit), None)
                    if (prev is not None and prev.kind == "change" and prev.unit == unit
                            and LIST_AFTER_PCT.fullmatch(text, prev.span[1], start)):
                        kind, direction = "change", prev.direction
                        if direction == "down" and value > 0:
                            value, lo, hi = -value, -hi, -lo
                    elif pch is not None and pch.direction and (
                            (pch is prev and _LIST_WITH_PERIOD.fullmatch(text, pch.span[1], start)) or
                            (_ELIDED_BEFORE.search(pre) and not _OTHER_CHANGE.search(text, pch.span[1], start)
                             and not CHANGE_BEFORE.search(text, pch.span[1], start))):
                        # "fell 2.2% in 2012, 10.7% in 2013 and 4.6% in …", "импорт — около 18%", "імпорт — на
                        # 13,2%": the verb of the change before is understood
                        kind, direction = "change", pch.direction
                        if direction == "down" and value > 0:
                            value, lo, hi = -value, -hi, -lo
            elif m["fold"]:
                fold = m["fold"].strip().lower()
                if fold == "times" and not _TIMES_CONTEXT.search(pre[-50:] + " " + post[:30]) and not \
                        _TIMES_OBJECT.match(post):
                    continue                        # "visited 3 times": not a multiplier
                cb = CHANGE_BEFORE.search(pre) or CHANGE_AFTER.search(post)
                near = pre[-30:]
                ups = [x.end() for x in _FOLD_UP.finditer(near)]
                downs = [x.end() for x in _FOLD_DOWN.finditer(near)]
                if ups or downs:
                    down = max(downs, default=-1) > max(ups, default=-1)
                else:
                    down = bool(cb and cb.group(0).split()[0].lower() in DOWN_WORDS) or bool(
                        _FOLD_DOWN.search(post[:30]))
                kind, unit, direction = "change", "pct", ("down" if down else "up")
                f_lo, f_hi = lo, hi
                if down:
                    value, lo, hi = (1 / value - 1) * 100, (1 / f_hi - 1) * 100, (1 / f_lo - 1) * 100  # 1/x reverses order
                else:
                    value, lo, hi = (value - 1) * 100, (f_lo - 1) * 100, (f_hi - 1) * 100
            elif not cur:
                if scale_txt:
                    u, _, _ = _unit_after(text, end, min(e, end + 60))
                    unit = u if u in COUNT_UNITS else None
                    kind = "count" if unit and kind == "level" else kind
                    if unit is None and mult >= 1e6 and _BARE_SCALE_END.match(text, end) and \
                            not _COUNTISH.search(text, s, start):
                        # "… 0,36 Mrd. nach Russland", "импорт — 4,3 млрд": the currency of the money just before
                        prev_money = next((x for x in self._recent(start - 400) if _money(x)), None)
                        if prev_money is not None:
                            unit = prev_money.unit
                else:
                    u, uend, phrase = _unit_after(text, end, min(e, end + 60))
                    if u == "PERIOD":
                        continue
                    if kind == "level":
                        kind = "count"
                    unit = u
                    if unit in MORE_WORDS:
                        prev = self._previous(s, start)
                        unit = prev.unit if prev is not None and prev.unit in COUNT_UNITS else None
                    elif unit is None and _partitive_unit(text, end, e):
                        unit = _partitive_unit(text, end, e)
                    elif unit is None and FROM_TO_BEFORE.search(pre):
                        nouns = [COUNT_NOUNS[x.lower()] for x in re.findall(r"[A-Za-z]+", text[s:start])
                                 if x.lower() in COUNT_NOUNS]
                        unit = nouns[-1] if nouns else None
            consumed = end
            claim = self._new(text=text[start:end], span=(start, end), kind=kind, value=value, low=lo, high=hi,
                              unit=unit, hedge=hedge, direction=direction, number_text=num, scale_text=scale_txt,
                              sentence=(s, e))
            if kind in ("count", "range") and not cur:
                claim.subject = _unit_after(text, end, e)[2] or unit
                lm = _SCOPE_LIST.match(text[end:e])
                if lm and not re.search(r"(?<![\w-])\d", lm["rest"]):
                    claim.ambiguous_scope = lm["rest"].strip(" ,")

    def _recent(self, since: int):
        """The claims found so far that end after offset ``since``, last first (stops there: stays linear)."""
        for x in reversed(self.claims):
            if x.span[1] < since:
                return
            yield x

    def _in_sentence(self, s: int):
        """This sentence's claims found so far, last first."""
        for x in reversed(self.claims):
            if x.sentence[0] != s:
                return
            yield x

    def _previous(self, s: int, pos: int) -> Claim | None:
        """The last claim found in this sentence before offset ``pos``."""
        for c in reversed(self.claims):
            if c.sentence[0] != s:
                return None
            if c.span[1] <= pos:
                return c
        return None

    # ------------------------------------------------------------------ number words
    def _words(self, s: int, e: int) -> None:
        text = self.text
        for m in WORDNUM_RE.finditer(text, s, e):
            w = m["word"].lower()
            after = m["after"]
            u, _, phrase = _unit_after(text, m.end("word"), min(e, m.end("word") + 60))
            if u is None:
                u = _partitive_unit(text, m.end("word"), e)
            if u == "PERIOD":
                continue
            elliptic = False
            if u is None and not m["verb"] and ELLIPSIS_BEFORE.search(text, s, m.start("word")):
                # "refrained from any attacks …, apart from one on …": the noun is earlier in the sentence
                nouns = [COUNT_NOUNS[x.lower()] for x in re.findall(r"[A-Za-z]+", text[s:m.start("word")])
                         if x.lower() in COUNT_NOUNS]
                u, elliptic = (nouns[-1], True) if nouns else (None, False)
            if not m["verb"] and u not in COUNT_UNITS:
                continue
            if w == "one" and not (m["verb"] or elliptic) and not re.match(r"\s+(?:attack|strike|incident)", after):
                continue
            if m["verb"] and u is None:
                back = text[s:m.start("word")]
                nouns = [COUNT_NOUNS[x.lower()] for x in re.findall(r"[A-Za-z]+", back) if x.lower() in COUNT_NOUNS]
                u = nouns[-1] if nouns else None
            start = m.start("hedge") if m["hedge"] else m.start("word")
            end = m.end("word")
            if u in set(COUNT_NOUNS.values()) and not m["verb"]:
                end = m.end("word") + len(re.match(r"\s+" + re.escape(phrase), text[end:]).group(0)) \
                    if phrase and re.match(r"\s+" + re.escape(phrase), text[end:]) else end
            v = float(NUMBER_WORDS[w])
            hedge = m["hedge"].lower() if m["hedge"] else None
            lo, hi = interval(v, 0.0, hedge)
            c = self._new(text=text[start:end], span=(start, end), kind="count", value=v, low=lo, high=hi, unit=u,
                          hedge=hedge, number_text=m["word"], sentence=(s, e))
            c.subject = (_unit_after(text, m.end("word"), e)[2] or u) if not m["verb"] else _np_before(text, s, m.start())

    def _fractions(self, s: int, e: int) -> None:
        taken = []
        for m in SHARE_FRACTION_RE.finditer(self.text, s, e):
            f = FRACTION_WORDS.get(m["frac"].lower())
            pre = self.text[max(s, m.start() - 25):m.start()].lower()
            if f is None or re.search(r"(?:\bby|\bum|\bна|\bon|\bin)\s+$", pre) or (
                    f == 0.5 and m["frac"].lower() == "half" and not re.match(r"\s+of\b", self.text[m.end():])):
                continue
            if not re.match(r"\s+(?:of|went|was|were|came|is|are|der|des|von|ging|gingen|entf|[\w\u0400-\u04ff])",
                            self.text[m.end():m.end() + 3], re.I) and not re.search(
                                r"(?:\bfor|\bfür|(?<![\w\u0400-\u04ff])на)\s+(?:(?:" + HEDGE_RE + r")\s+)?$", pre, re.I):
                continue                             # "… and iron ore for about a fifth": only after "for"
            v = round(100 * f, 3)
            hm = HEDGE_BEFORE.search(self.text, max(s, m.start() - 40), m.start())
            hedge = hm["hedge"].lower() if hm else None
            lo, hi = interval(v, 0.5, hedge)
            start = hm.start() if hm else m.start()
            self._new(text=self.text[start:m.end()], span=(start, m.end()), kind="share", value=v,
                      low=lo, high=hi, unit="pct", hedge=hedge, number_text=m["frac"], sentence=(s, e))
            taken.append((m.start(), m.end()))
        for m in FRACTION_RE.finditer(self.text, s, e):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if m["mult"]:
                w = m["mult"].lower()
                v = {"doubled": 100.0, "tripled": 200.0, "trebled": 200.0, "quadrupled": 300.0, "halved": -50.0}[w]
                start, end, hedge = m.start("mult"), m.end("mult"), None
            else:
                f = FRACTION_WORDS[m["frac"].lower()]
                down = m["verb"].lower() in DOWN_WORDS
                v = -100 * f if down else 100 * f
                start, end = m.start("hedge") if m["hedge"] else m.start("frac"), m.end("frac")
                hedge = m["hedge"].lower() if m["hedge"] else None
            lo, hi = interval(v, 0.5, hedge)
            if hedge and HEDGES[hedge][0] in ("below", "min") and v < 0:
                lo, hi = interval(v, 0.5, None)[0] - abs(v) * 0.05 if HEDGES[hedge][0] == "min" else v, \
                    interval(v, 0.5, None)[1] + abs(v) * 0.03 if HEDGES[hedge][0] == "below" else hi
            self._new(text=self.text[start:end], span=(start, end), kind="change", value=v, low=lo, high=hi,
                      unit="pct", hedge=hedge, direction="down" if v < 0 else "up", number_text=self.text[start:end],
                      sentence=(s, e))

    def _verbal(self, s: int, e: int, first: int) -> None:
        """Verbal multipliers and fractions (see VERBAL_RE): a change stored in percent, marked as a ratio; a
        genitive fraction ("более трети") is a share."""
        taken = [c.span for c in self.claims[first:]]           # this sentence's claims only (stays linear)
        for m in VERBAL_RE.finditer(self.text, s, e):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = next(k for k in ("fold", "dbl", "fache", "mal", "times", "de", "ru", "of", "byf", "gen", "less") if m[k])
            hk = next((k for k in ("hedge", "hedge2", "hedge3", "hedge4", "hedge5", "hedge6", "hedge7", "hedge8",
                                   "hedge9", "hedge10") if m[k]), None)
            hedge = m[hk].lower() if hk else None
            word = m[g].lower()
            pre = self.text[max(s, m.start() - 60):m.start()]
            post = self.text[m.end():min(e, m.end() + 40)]
            down = bool(_VDOWN.search(pre[-40:]) or _VDOWN.match(post.strip()))
            start = m.start(hk) if hk else (m.start() if g == "fache" else m.start(g))
            ratio = False
            if g == "gen":
                kind, v = "share", 100 * _BY_FRAC[word]
            elif g == "less":                        # "ein Drittel weniger als", "на треть меньше"
                less = re.match(r"\s*(?:weniger|less|fewer|lower|меньше|менше|niedriger)", m.group("lw") or "", re.I)
                kind, v = "change", 100 * _BY_FRAC[word] * (-1 if less else 1)
            elif g == "byf":
                kind, v = "change", 100 * _BY_FRAC[word] * (-1 if down else 1)
            else:
                f = float(_FOLD_N[word])
                if g == "ru" and down:
                    f = 1 / f                        # "скоротився вчетверо": a quarter of the old level
                kind, v, ratio = "change", (f - 1) * 100, True
            if g == "of" and hedge is None:
                pass
            lo, hi = interval(v, 0.5, hedge)
            c = self._new(text=self.text[start:m.end()], span=(start, m.end()), kind=kind, value=v, low=lo, high=hi,
                          unit="pct", hedge=hedge, direction=None if kind == "share" else ("down" if v < 0 else "up"),
                          number_text=m[g], sentence=(s, e))
            if ratio:
                c.__dict__["ratio"] = True
            taken.append(c.span)

    def _forecasts(self, s: int, e: int) -> None:
        for m in FORECAST_RE.finditer(self.text, s, e):
            g = "p" if m["p"] else ("p2" if m["p2"] else "p3")
            phrase = m[g].strip()
            lo, hi = next(r for pat, r in VERBAL_PROB if re.fullmatch(pat, phrase.lower()))
            subj = (m["subj"] or m["subj2"] or m["subj3"] or "").strip()
            start, end = m.start(g), m.end(g)
            self._new(text=self.text[start:end], span=(start, end), kind="forecast", value=round((lo + hi) / 2, 3),
                      low=lo, high=hi, unit="probability", hedge=phrase.lower(), subject=subj[:160] or None,
                      number_text=phrase, sentence=(s, e))

    # ------------------------------------------------------------------ subjects and links
    def _subjects(self, new: list[Claim], s: int, e: int, prev_subject):
        cls = clauses(self.text, s, e)
        sent_subject = None
        seen: dict = {}                                  # clause -> its subject-pattern matches
        for c in new:
            if c.kind == "forecast" or (c.kind in ("count", "range") and c.unit not in (None, "pct", "pp")
                                        and not _money(c)):
                continue
            cs, ce = next(((a, b) for a, b in cls if a <= c.span[0] < b), (s, e))
            if (cs, ce) not in seen:
                seen[(cs, ce)] = clause_matches(self.text, cs, ce)
            ms = seen[(cs, ce)]
            if ce - cs > _WINDOW * 2:                    # a long clause: only matches near the number compete
                ms = tuple([x for x in part if abs(x[-1].start() - c.span[0]) < _WINDOW] if part and
                           isinstance(part[0], tuple) else [x for x in part if abs(x.start() - c.span[0]) < _WINDOW]
                           for part in ms)
            # the other numbers of the clause after this one (only the last of them matters to trade_subject)
            later = next(([x.span[0]] for x in reversed(new) if x is not c and c.span[1] < x.span[0] < ce
                          and x.kind != "forecast"), [])
            subj = trade_subject(self.text, cs, ce, c.span, self.dyad, sent_subject, ms, later, prev_subject)
            if subj is None and sent_subject is not None and c.unit not in ("pp",) and not _TOTAL_WORD.search(
                    self.text, cs, ce):                  # "die Ausfuhren insgesamt": not the flow named before
                subj = sent_subject
            if subj is None and prev_subject is not None and re.search(
                    r"\b(?:it|this|the figure|the value|they|sie|er|(?:waren|sind|war|ist)\s+es)\b|(?<![\w\u0400-\u04ff])(?:он|она|оно|они|він|"
                    r"вона|воно|вони)(?![\w\u0400-\u04ff])", self.text[cs:c.span[0]], re.I):
                subj = prev_subject
                c.__dict__["by_pronoun"] = True
            if subj is None and prev_subject is not None and prev_subject[0] == "turnover" and (
                    _money(c) or c.kind == "change") and not _FLOW_WORDS.search(self.text, cs, ce) and \
                    not _SHARE_WORD.search(self.text, cs, ce) and not _TOTAL_WORD.search(self.text, cs, ce) and \
                    _names_only(self.text, s, e, prev_subject[1:]):
                # "For 2022 as a whole Moscow cites a record $65 billion": the turnover the text is about (a guess:
                # never "sure", so no check calls it an error)
                subj = prev_subject
                c.__dict__["by_topic"] = True
            if subj is None:
                continue
            c.indicator, c.reporter, c.partner = subj
            c.subject = _subject_text(*subj)
            if c.indicator == "balance" and c.value is not None and _is_deficit(self.text, cs, c.span) and \
                    c.kind == "level":
                c.value, c.low, c.high = -c.value, -c.high, -c.low
            if c.indicator == "balance" and c.kind == "level":
                c.kind = "balance"
            sent_subject = subj
        return sent_subject or prev_subject

    def _respectively(self, new: list[Claim], s: int, e: int) -> None:
        seg = self.text[s:e]
        if "respectively" not in seg.lower() or len(new) < 2:
            return
        ind = re.search(r"\b(exports|imports|turnover|trade balance)\b(?:\s+(?:to|from|of))?(?:\s*,\s*|\s+and\s+)(?:(?:\w+\s+){0,2})"
                        r"\b(exports|imports|turnover|trade balance)\b", seg, re.I)
        yrs = re.search(r"\bin\s+((?:19|20)\d\d)\s+and\s+((?:19|20)\d\d),?\s+respectively", seg, re.I)
        group = [c for c in new if c.kind != "forecast"]
        if ind:
            names = [ind.group(1).lower(), ind.group(2).lower()]
            tail = [c for c in group if c.span[0] > s + ind.end()]
            by_kind = {}
            for c in tail:
                by_kind.setdefault(c.kind, []).append(c)
            for cl in by_kind.values():
                if len(cl) == 2:
                    for c, nm in zip(cl, names):
                        nm = "balance" if "balance" in nm else nm
                        c.indicator = nm
                        if c.reporter is None and self.dyad:
                            c.reporter = self.dyad[0]
                        c.subject = _subject_text(c.indicator, c.reporter, c.partner)
        two = _RESP_SUBJECTS.search(self.text, s, e)
        if two and not ind:
            a, b = P.country(two.group("a")), P.country(two.group("b"))
            money = [c for c in group if c.span[0] > two.end() and _money(c)][:2]
            if a and b and a != b and len(money) == 2:
                verb = two.group("v").lower()
                indicator = "imports" if verb.startswith(("import", "bought", "purchas")) else "exports"
                for c, (rep, par) in zip(money, ((a, b), (b, a))):
                    c.indicator, c.reporter = indicator, rep
                    if c.partner in (None, a, b):
                        c.partner = par
                    c.subject = _subject_text(c.indicator, c.reporter, c.partner)
        if yrs:
            money = [c for c in group if c.span[0] < s + yrs.start()][-2:]
            for c, y in zip(money, (yrs.group(1), yrs.group(2))):
                c.period, c.period_sure = y, True

    def _link(self, new: list[Claim]) -> None:
        pcts = [x for x in new if x.unit == "pct" and x.kind in ("level", "share") and x.value is not None]
        for c in new:
            if c.unit == "pp" and c.kind == "change" and len(pcts) >= 2:
                # "rose from 14.5% to 16.0%, a gain of 2.5 percentage points": to − from = the change
                frm = [x for x in pcts if x.span[1] <= c.span[0] and _FROM_PCT.search(self.text, max(0, x.span[0] - 8),
                                                                                         x.span[0])]
                if frm:
                    tos = [x for x in pcts if frm[-1].span[1] < x.span[0] and _TO_PCT.search(
                        self.text, max(0, x.span[0] - 8), x.span[0])]
                    if tos:
                        c.__dict__["pp_from"], c.__dict__["pp_to"] = frm[-1].id, tos[0].id
        for c in new:
            if c.kind != "change":
                continue
            levels = [x for x in new if x.kind in ("level", "balance") and x.subject == c.subject and _money(x)]
            after = [x for x in levels if x.span[0] >= c.span[1] and
                     re.match(r"[\s,]*(?:to|at|reaching|and stood at)\s", self.text[c.span[1]:x.span[0]] + " ")]
            frm = [x for x in levels if x.span[1] <= c.span[0] + 200 and re.search(
                r"\bfrom\s+$", self.text[max(0, x.span[0] - 6):x.span[0]])]
            old = frm[0] if frm else None
            if old is not None:
                rest = [x for x in levels if x is not old]
                tos = [x for x in rest if x.span[0] > old.span[1] and re.match(
                    r"\s*(?:in\s+\d{4}\s+)?to\s", self.text[old.span[1]:x.span[0]])]
                newl = tos[0] if tos else (after[0] if after else (min(rest, key=lambda x: abs(x.span[0] - c.span[0]))
                                                                   if rest else None))
                if newl is not None:
                    if (old.period and newl.period == old.period and c.period and c.period != old.period
                            and newl.span[0] > old.span[1]):
                        # "dropped by a third in 2021, from $900 million in 2020 to $600 million": the "to"
                        # figure is dated by the change, not by the base year written just before it
                        newl.period = c.period
                        newl.period_sure = c.period_sure
                    c.level_id = newl.id
                    c.period = newl.period or c.period
                if old.period and old.period != c.period:
                    c.base_period = old.period
                elif c.base_period:
                    old.period = c.base_period
                c.__dict__["old_id"] = old.id
                continue
            before = [x for x in levels if x.span[1] <= c.span[0] and x.period == c.period]
            if after:
                c.level_id = after[0].id
            elif before:
                c.level_id = before[-1].id


#: what stands between a comparison period and the figure it dates: a bracket or dash ("… прошлого года ($3,8 млрд)"),
#: "mit" ("im Vorjahreszeitraum mit 28,7 Mio. Tonnen"), or a "when" clause ("the same period of 2022, when it stood
#: at $1.4 billion", "mehr als 2022, als es 45,6 Mrd. Złoty waren", "чем в 2021 году, когда он составил")
_OPEN_BEFORE = re.compile(r"(?:\s+(?:году|года|год|році|року|рік|г\.|р\.))?"
                          r"\s*(?:\(|[—–]\s*|\s-\s*|,?\s*(?:mit|with)\s+|,\s*(?:when|als|da|wo|когда|коли|где|де)\s"
                          r"[^,;.\d()$€£]{0,40}?)\s*", re.IGNORECASE)
#: between an amount and its year-earlier comparison: "949 Mio. Dollar nach 451 Mio. Dollar", "$3,4 млрд против
#: $2,8 млрд", "3,1 млрд проти 2,7 млрд", "to $30.8 billion from $51.1 billion"; or its "to" ("from X to Y")
_BASE_BETWEEN = re.compile(r",?\s*(?:nach|против|проти|from)\s+(?:(?:" + HEDGE_RE +
                           r")\s+)?", re.IGNORECASE)
_TO_BETWEEN = re.compile(r"\s*(?:to|auf|до|bis)\s+(?:(?:" + HEDGE_RE + r")\s+)?", re.IGNORECASE)
_DEFICIT = re.compile(r"deficit|defizit|importüberschuss|einfuhrüberschuss|\bimport\s+surplus|дефицит|дефіцит|отрицательн|негативн|від.ємн|\bnegative|"
                      r"\bminus\b|минус|мінус", re.I)
_SURPLUS = re.compile(r"(?<!import\s)surplus|(?<!import)(?<!einfuhr)überschuss|\bExportüberschuss|профицит|профіцит|положительн|позитивн|"
                      r"\bpositive", re.I)


def _is_deficit(text: str, cs: int, span) -> bool:
    """Whether a balance is a deficit: the nearest balance word before the figure in its clause ("surplus of
    $2.2 billion into a deficit of …" is a surplus), else one just after it ("$1.2 billion deficit")."""
    before = text[max(cs, span[0] - 90):span[0]]
    words = [(m.start(), True) for m in _DEFICIT.finditer(before)] + [(m.start(), False) for m in _SURPLUS.finditer(before)]
    if words:
        return max(words)[1]
    after = text[span[1]:span[1] + 40]
    d, sp = _DEFICIT.search(after), _SURPLUS.search(after)
    return bool(d) and (sp is None or d.start() < sp.start())


_TOTAL_WORD = re.compile(r"\b(?:insgesamt|in\s+total|overall|total|gesamte[nrs]?)\b|(?<![\w\u0400-\u04ff])(?:всего|в\s+целом|загалом|общ[\u0400-\u04ff]*|загальн[\u0400-\u04ff]*|"
                         r"усього)(?![\w\u0400-\u04ff])", re.IGNORECASE)
_FROM_PCT = re.compile(r"(?:\bfrom|\bvon|(?<![\w\u0400-\u04ff])(?:с|со|з|із))\s+$", re.IGNORECASE)
_TO_PCT = re.compile(r"(?:\bto|\bauf|(?<![\w\u0400-\u04ff])до)\s+$", re.IGNORECASE)
#: "Armenia and Georgia exported $2.1bn and $0.8bn respectively": one subject each
_RESP_SUBJECTS = re.compile(r"(?P<a>" + P.COUNTRY_NC + r")\s+(?:and|und|и|і|та)\s+(?P<b>" + P.COUNTRY_NC +
                            r")\s+(?:\w+\s+){0,2}?(?P<v>exported|imported|exports|imports|sold|shipped|bought|purchased)\b",
                            re.IGNORECASE)


_FLOW_WORDS = re.compile(r"export|import|ausfuhr|einfuhr|экспорт|импорт|експорт|імпорт", re.IGNORECASE)


def _mentions(text: str, isos) -> list[int]:
    """How often each of ``isos`` is named in (the first 200,000 characters of) ``text``."""
    n = dict.fromkeys(isos, 0)
    for m in P.COUNTRY_RE.finditer(text[:200_000]):
        iso = P.country(m.group(1))
        if iso in n:
            n[iso] += 1
    return list(n.values())


def _names_only(text: str, s: int, e: int, isos) -> bool:
    """Whether the countries named in ``text[s:e]`` are all among ``isos`` (capitals and adjectives count)."""
    for m in P.COUNTRY_RE.finditer(text, s, e):
        iso = P.country(m.group(1))
        if iso and iso not in isos:
            return False
    return True


def _money(c: Claim) -> bool:
    return c.unit in MONEY


def _dist(a: int, b: int, s: int, e: int) -> int:
    if b <= s:
        return s - b
    if a >= e:
        return int((a - e) * 1.2)
    return 0


def _period_rank(text: str, m, c: Claim) -> float:
    """How well a period mention fits a claim (lower is better): right after it ("$5bn in 2023") is best;
    otherwise by distance, and a mention before the claim that is separated from it by "and" belongs to the
    previous conjunct ("18 prisoners in July 2024 and 16 more in August")."""
    if m.start >= c.span[1] and _JUST_PERIOD.fullmatch(text, c.span[1], m.start):
        return 0
    d = _dist(m.start, m.end, *c.span) + 1
    if m.end <= c.span[0] and _AND.search(text, m.end, c.span[0]):
        d += 40
    return d


_ATTRIB_BEFORE = re.compile(r"(?:['’]s|\bits|\btheir)\s+$", re.IGNORECASE)
_ATTRIB_AFTER = re.compile(r"\s+(?:trade\s+)?(?:surplus|deficit|exports|imports|turnover|trade|figure|level|total)\b",
                           re.IGNORECASE)
#: a figure introduced as the other side of a comparison ("from €20 million in 2021", "against €15.2 billion in
#: 2023", "nach 13,5 Mrd. Euro im ersten Quartal 2017", "than the $24.2 billion recorded in 2022", "против $5,8 млрд за
#: тот же период", "з 28,1 млрд"): the period written right after it is its own, a base, and dates no other figure
_FROM_BEFORE = re.compile(r"(?:\b(?:from|von|nach|against|versus|vs\.?|compared\s+(?:with|to)|than(?:\s+the)?|on\s+the|"
                          r"gegenüber)|(?<![\w\u0400-\u04ff])(?:с|со|з|із|від|против|проти|чем|ніж))\s+"
                          r"(?:(?:" + HEDGE_RE + r")\s+)?$", re.IGNORECASE)
_DASH_ONLY = re.compile(r"\s*[—–:-]?\s*")
_JUST_PERIOD = re.compile(r"(?:[\s,]*(?:(?:[a-z]+ed\s+)?(?:in|for|during)(?:\s+the\s+year)?|of)?|"
                          r"\s*(?:im(?:\s+Jahre?)?|für|в|во|у|за|за\s+весь|за\s+увесь))\s*",
                          re.IGNORECASE)
_AND = re.compile(r"\band\b")


#: a sentence that opens with "now" speaks of the present, not of the period in context ("Today, there are about 2000
#: soldiers …", "Derzeit …", "Сейчас …", "Зараз …")
_NOW_OPENS = re.compile(r"\s*(?:Today|Currently|At present|Now|Nowadays|Heute|Derzeit|Gegenwärtig|Zurzeit|Сегодня|Сейчас|"
                        r"В настоящее время|Сьогодні|Зараз|Нині|Наразі)\b")
_POSSESSIVE = re.compile(r"['’]s\s")
#: a rate, not a total of one period: "a year", "per year", "each year", "annually", "pro Jahr", "jährlich", "в год",
#: "ежегодно", "на рік", "щороку" (not "a year earlier")
_RATE_AFTER = re.compile(r"[^\d.;:()]{0,30}?(?:\b(?:a|per|each|every)\s+(?:year|month)\b(?!\s+(?:earlier|before|ago|later))|"
                         r"\bannually\b|\b(?:pro|jedes)\s+(?:Jahr|Monat)\b|\bjährlich|"
                         r"(?<![\w\u0400-\u04ff])(?:в\s+год|в\s+месяц|ежегодно|на\s+рік|щороку|на\s+місяць|щомісяця)"
                         r"(?![\w\u0400-\u04ff]))", re.IGNORECASE)
#: "alone", "allein", "только", "лише": a sub-period named as an aside (not "не только", "не лише": "not only")
_ALONE = re.compile(r"\balone\b|\ballein\b|(?<![\w\u0400-\u04ff])(?<!не\s)(?:только|лишь|лише|тільки)(?![\w\u0400-\u04ff])",
                    re.IGNORECASE)


_SUBORDINATE = re.compile(r",\s+(?:nachdem|after|when|als|когда|после того как|коли|після того як)\s", re.IGNORECASE)


def _split_at(rx: re.Pattern, text: str, a: int, b: int) -> list[tuple[int, int]]:
    out, cur = [], a
    for m in rx.finditer(text, a, b):
        out.append((cur, m.start()))
        cur = m.start() + 1
    out.append((cur, b))
    return out


def _future(p, doc) -> bool:
    """The period starts after the document's month (the horizon of a target or forecast)."""
    return p is not None and p[0] > doc.year * 12 + doc.month - 1


def _year_before(mentions, pos, context_year, context_period):
    yrs = [P.year_of(m.period) for m in mentions if m.period is not None and m.start <= pos and not m.same_period
           and not m.earlier]
    return yrs[-1] if yrs else context_year


def _np_before(text: str, s: int, pos: int) -> str | None:
    seg = text[s:pos]
    m = re.search(r"(?:^|\b)(?:the\s+)?([\w\s'’-]{1,60}?)\s+(?:is|are|was|were|has been|have been|had been)\s+\w*\s*$",
                  seg)
    return m.group(1).strip() if m else None


def _subject_text(indicator, reporter, partner) -> str:
    if indicator == "turnover":
        return f"turnover {reporter or '?'}-{partner or '?'}" if reporter and partner else "turnover"
    if indicator == "exports":
        return f"{reporter or '?'} exports to {partner or '?'}"
    if indicator == "imports":
        return f"{reporter or '?'} imports from {partner or '?'}"
    if indicator == "balance":
        return f"{reporter or '?'} trade balance with {partner or '?'}"
    return indicator or ""


def extract(text: str, date: str | None = None) -> list[Claim]:
    """Every numeric claim in ``text`` (see module docstring); ``date`` (YYYY-MM-DD) resolves "last year"."""
    return Extractor(text, date).run()
