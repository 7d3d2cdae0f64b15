"""Subjects: whose flow a number is about (indicator, reporter, partner), and what a count counts.

``reporter`` is the country whose flow it is: "Ukraine's imports from Belarus" → (imports, UKR, BLR);
"Belarus exported … to Ukraine" → (exports, BLR, UKR); turnover "between the two states" → (turnover,
A, B) with the document's dyad. This also says whose statistics a figure most likely comes from, which is
what the consistency checks need to tell an error from a mirror-statistics tension.
"""
from __future__ import annotations

import re
from collections import Counter

from .numbers import HEDGE_RE
from .periods import _COUNTRY_ALTS, COUNTRY_NC, COUNTRY_RE, country
from dyadwatch.rxgate import any_of

C = COUNTRY_NC
# named-group versions of the country pattern
def _c(name: str) -> str:
    return r"(?P<" + name + r">" + C + r")"


FLOW_PATTERNS = [
    # Ukraine's imports from Belarus / Ukrainian exports to Belarus
    ("p1", re.compile(_c("a") + r"\s+(?:total\s+|overall\s+|goods\s+|merchandise\s+)?(?P<ind>exports|imports|"
                      r"deliveries|shipments|purchases|sales)(?:\s+of\s+goods)?\s+(?P<prep>to|from|into)\s+" + _c("b"),
                      re.I)),
    # exports from Ukraine to Belarus / imports into Ukraine from Belarus
    ("p2", re.compile(r"\b(?P<ind>exports|imports)(?:\s+of\s+goods)?\s+(?P<prep>from|of|into|by)\s+" + _c("a") +
                      r"\s+(?:to|into|from)\s+" + _c("b"), re.I)),
    # Belarus imported goods ... from Ukraine (partner optional)
    ("p3", re.compile(_c("a") + r"\s+(?:\w+\s+){0,2}?(?P<verb>imported|exported|imports|exports|importing|exporting|"
                      r"bought|sold|shipped|purchased|supplied|exportierte|exportierten|importierte|importierten|lieferte|"
                      r"lieferten|verkaufte|verkauften|bezog|bezogen|kaufte|kauften|"
                      r"экспортировал[\u0400-\u04ff]*|импортировал[\u0400-\u04ff]*|закупил[\u0400-\u04ff]*|"
                      r"купил[\u0400-\u04ff]*|продал[\u0400-\u04ff]*|поставил[\u0400-\u04ff]*|"
                      r"експортувал[\u0400-\u04ff]*|імпортувал[\u0400-\u04ff]*|продал[\u0400-\u04ff]*|"
                      r"закупив|закупила|закупили|поставив|постачав|продав|купив|постачал[\u0400-\u04ff]*|отгрузил[\u0400-\u04ff]*|"
                      r"вывез(?:ла|ли|ло)?|ввез(?:ла|ли|ло)?|відвантажил[\u0400-\u04ff]*|відвантажив|"
                      r"ввіз|ввезла|ввезли|вивіз|вивезла|вивезли)(?![\w\u0400-\u04ff])"
                      r"(?:\s+(?P<io>" + C + r")(?=\s+(?:\$|US\$|€|\d|goods|Waren|товар|over|worth|with)))?"
                      # the gap to the partner does not cross another flow ("Russian exports fell … and imports from
                      # Belarus …": Belarus is the imports' partner); none after an indirect object ("Russia supplied
                      # Belarus with goods worth …": a later "to Russia" is another verb's)
                      r"(?(io)|(?:(?:(?!(?<![\w\u0400-\u04ff])(?:imports?|exports?|Importe|Exporte|Einfuhr|Ausfuhr|импорт|"
                      r"экспорт|імпорт|експорт))(?:[^,;]|(?<=\d),(?=\d)))*?(?<![\w\u0400-\u04ff])(?P<prep>to|from|nach|in\s+die|in\s+den|"
                      r"aus|von|an|в|во|из|у|до|з|із)"
                      r"\s+" + _c("b") + r")?)", re.I)),
    # German perfect, the participle last: "China hat 2022 brasilianische Waren im Wert von … eingeführt"
    ("p10", re.compile(_c("a") + r"\s+(?:hat|haben|hatte|hatten)\b(?P<mid>[^;]{0,120}?)\b(?P<verb>eingeführt|importiert|"
                       r"ausgeführt|exportiert|geliefert|verkauft|bezogen|gekauft)\b", re.I)),
    # German verb first: "2023 exportierte Polen Waren … in die Ukraine", "bezog Indien russisches Öl"
    ("p9", re.compile(r"\b(?P<verb>exportierte|exportierten|importierte|importierten|lieferte|lieferten|verkaufte|"
                      r"verkauften|bezog|bezogen|kaufte|kauften)\s+" + _c("a") + r"(?:\s+(?P<adj>" + C + r"))?"
                      r"(?:(?:[^,;]|(?<=\d),(?=\d))*?\b(?P<prep>nach|in\s+die|in\s+den|aus|von|an)\s+" + _c("b") + r")?", re.I)),
    # exports to Belarus (reporter implied by the dyad)
    ("p4", re.compile(r"\b(?P<ind>exports|imports|deliveries|shipments|purchases|sales)(?:\s+of\s+goods)?\s+(?P<prep>to|from)\s+"
                      + _c("b"), re.I)),
    # a verb alone: "while exporting goods worth"
    ("p5", re.compile(r"(?<![\w\u0400-\u04ff])(?P<verb>imported|exported|importing|exporting|"
                      # a German participle ends its clause: "… und knapp 60,7 Mrd. Dollar nach Brasilien ausgeführt"
                      r"ausgeführt|eingeführt|exportiert|importiert|ввез(?:ла|ли|ло)?|"
                      r"вывез(?:ла|ли|ло)?|отгрузил[\u0400-\u04ff]*|экспортировал[\u0400-\u04ff]*|"
                      r"импортировал[\u0400-\u04ff]*|ввіз|вивіз|вивезла|вивезли|експортувал[\u0400-\u04ff]*|"
                      r"імпортувал[\u0400-\u04ff]*)(?![\w\u0400-\u04ff])", re.I)),
    # German, Russian, Ukrainian, noun first: "Экспорт России в Беларусь", "импорт из Беларуси", "Експорт України
    # до Польщі", "Exporte Deutschlands nach Russland", "Importe aus Russland"
    ("p6", re.compile(r"(?<![\w\u0400-\u04ff])(?P<ind>экспорт[\u0400-\u04ff]*|импорт[\u0400-\u04ff]*|"
                      r"поставк[\u0400-\u04ff]*|експорт[\u0400-\u04ff]*|імпорт[\u0400-\u04ff]*|"
                      r"(?:Waren|Güter)?(?:Exporte?n?|Importe?n?|Ausfuhren|Einfuhren)|Lieferungen)\s+(?:товаров\s+|товарів\s+|von\s+Waren\s+)?"
                      r"(?:(?:из\s+|з\s+|aus\s+)?" + _c("a") + r"\s+(?:(?P<goods>товаров|товарів|продукции|продукції)\s+)?)?"
                      r"(?P<prep>в|во|на|до|из|с|з|із|nach|aus|in\s+die|"
                      r"in\s+den)\s+" + _c("b"), re.I)),
    # purchases written as a noun in Russian and Ukrainian: "закупки Китая в России", "закупівлі Польщі в Україні"
    # are the first country's imports from the second
    ("p11", re.compile(r"(?<![\w\u0400-\u04ff])(?P<ind>закупк[\u0400-\u04ff]*|закупівл[\u0400-\u04ff]*)\s+"
                       r"(?:товаров\s+|товарів\s+)?" + _c("a") + r"\s+(?P<prep>в|во|у|из|з|із)\s+" + _c("b"), re.I)),
    # adjective first: "deutsche Exporte nach Russland", "российский экспорт в Беларусь"
    ("p7", re.compile(_c("a") + r"\s+(?P<ind>(?-i:shipments|deliveries|supplies)(?!\s+(?:to|from|into|of)\s)|(?:Waren|Güter)?(?:Exporte?n?|Importe?n?|Ausfuhren|Einfuhren)|экспорт[\u0400-\u04ff]*|"
                      r"импорт[\u0400-\u04ff]*|експорт[\u0400-\u04ff]*|імпорт[\u0400-\u04ff]*)"
                      r"(?:\s+(?P<prep>nach|aus|in\s+die|in\s+den|в|во|из|до|з)\s+" + _c("b") + r")?", re.I)),
    # a second verb of the same subject, after "and": "Russia shipped $11 billion to China and bought $9 billion
    # from it", "… nach Mexiko und importierten von dort für …", "…, а закупив китайської продукції на …" (the
    # subject and, unless named, the partner are those of the sentence's earlier flow)
    ("p12", re.compile(r"(?:(?<=\band\s)|(?<=\bund\s)|(?<=\bsowie\s)|(?<=(?<![\w\u0400-\u04ff])[иійа]\s)|"
                       r"(?<=(?<![\w\u0400-\u04ff])та\s))(?:(?:then|also|auch|также|також)\s+)?"
                       r"(?P<verb>bought|purchased|sold|shipped|imported|exported|bezog|bezogen|kaufte|kauften|verkaufte|"
                       r"verkauften|lieferte|lieferten|importierte|importierten|exportierte|exportierten|"
                       r"закупил[\u0400-\u04ff]*|купил[\u0400-\u04ff]*|продал[\u0400-\u04ff]*|поставил[\u0400-\u04ff]*|"
                       r"отгрузил[\u0400-\u04ff]*|импортировал[\u0400-\u04ff]*|экспортировал[\u0400-\u04ff]*|"
                       r"закупив|купив|продав|поставив|імпортувал[\u0400-\u04ff]*|експортувал[\u0400-\u04ff]*)"
                       r"(?![\w\u0400-\u04ff])(?:[^;]{0,60}?(?<![\w\u0400-\u04ff])(?P<prep>to|from|nach|aus|von|an|в|во|"
                       r"из|у|до|з|із)\s+" + _c("b") + r")?", re.I)),
    # a flow to or from "there": the country named just before ("Russland fiel auf Rang 32 zurück; die Exporte dorthin
    # …", "Румыния остается главным рынком: экспорт туда …", "импорт оттуда", "die Einfuhren von dort")
    ("p13", re.compile(r"(?<![\w\u0400-\u04ff])(?P<ind>exports|imports|shipments|deliveries|sales|Exporte|Importe|Ausfuhren|"
                       r"Einfuhren|Lieferungen|экспорт|импорт|поставки|експорт|імпорт)\s+(?:(?:of\s+goods|von\s+Waren)\s+)?"
                       r"(?P<adv>there|from\s+there|dorthin|von\s+dort|dort|туда|оттуда|туди|звідти)(?![\w\u0400-\u04ff])",
                       re.I)),
    # a partner named by a word, not a name: "purchases from its neighbour", "Ausfuhren in die Volksrepublik",
    # "поставки в республику": the document's other country
    ("p14", re.compile(r"(?<![\w\u0400-\u04ff])(?P<ind>exports|imports|purchases|sales|shipments|deliveries|Exporte|"
                       r"Importe|Ausfuhren|Einfuhren|Lieferungen|экспорт|импорт|поставки|експорт|імпорт)\s+"
                       r"(?P<prep>to|from|into|nach|aus|in\s+die|in\s+das|ins|в|из|до|з)\s+(?:its\s+|their\s+|the\s+)?"
                       r"(?:[\w-]+\s+)?(?P<w>neighbou?r|neighbouring\s+country|kingdom|republic|Nachbarland|"
                       r"Volksrepublik|республик[\u0400-\u04ff]*|сусідн[\u0400-\u04ff]*\s+країн[\u0400-\u04ff]*)"
                       r"(?![\w\u0400-\u04ff])", re.I)),
    # German goods that "went" to a country or "came" from it: "Nach Luxemburg gingen Waren für 1,2 Mrd. Euro", "Im
    # ersten Quartal gingen Waren im Wert von 28,2 Mrd. Euro in die Vereinigten Staaten", "Nach China wurden Waren für
    # 7,9 Mrd. Euro geliefert", "Aus China kamen Waren für …" (the exporter is the document's other or home country)
    ("p15", re.compile(r"\b(?P<prep>nach|in\s+die|in\s+den|in\s+das|aus|von)\s+(?:der\s+|dem\s+)?" + _c("b") +
                       r"(?:\s*,[^,;]{0,60},)?\s+(?P<ind>gingen|ging|wurden|kamen|kam)\s+(?:[^,;.]{0,40}?\s)?Waren\b|"
                       r"\b(?P<ind2>gingen|ging|kamen|kam)\s+(?:[^,;]{0,40}?\s)?Waren\s+(?:im\s+Wert\s+von|für)\s+[^;]{0,50}?"
                       r"\b(?P<prep2>nach|in\s+die|in\s+den|in\s+das|aus)\s+(?:der\s+|dem\s+)?(?P<b2>" + C + r")", re.I)),
    # imports named by the goods of the country they come from: "purchases of Turkish goods grew 27%", "Chinese goods
    # entering South Africa were worth $23.9 billion", "Chinese goods worth $5.4 billion entering the country"
    ("p16", re.compile(r"\b(?:purchases|imports|Käufe|Einfuhren)\s+(?:of|von)\s+(?P<b>" + C + r")\s+(?:goods|products|Waren)\b|"
                       r"(?P<b2>" + C + r")\s+(?:goods|products)\s+(?:worth\s+[^;,]{0,30}?\s+)?(?:entering|coming\s+into|"
                       r"arriving\s+in|sold\s+in)(?:\s+(?:the\s+)?(?P<a>" + C + r"))?", re.I)),
    # the indicator alone: "turnover … with exports at $2.1 billion and imports at $2.6 billion"
    ("p8", re.compile(r"(?<![\w\u0400-\u04ff])(?P<ind>exports|imports|Exporte|Importe|Ausfuhren|Einfuhren|экспорт|"
                      r"импорт|експорт|імпорт|[a-zäöüß]{2,}(?:einfuhren|ausfuhren|importe|importen|exporte|exporten))"
                      r"(?![\w\u0400-\u04ff])", re.I)),
]
TURNOVER = re.compile(r"(?<![\w\u0400-\u04ff])(?:two-way\s+(?:goods\s+)?(?:trade|commerce|total)|двусторонн[\u0400-\u04ff]*\s+торговл[\u0400-\u04ff]*|"
                      r"двосторонн[\u0400-\u04ff]*\s+торгівл[\u0400-\u04ff]*|(?:exports\s+and\s+imports|imports\s+and\s+exports|"
                      r"Exporte\s+und\s+Importe|Importe\s+und\s+Exporte|Aus-\s+und\s+Einfuhren|Ein-\s+und\s+Ausfuhren|"
                      r"экспорт\s+и\s+импорт|импорт\s+и\s+экспорт)\s+(?:combined|together|zusammen|"
                      r"zusammengenommen|вместе)|(?:mutual|взаимн[\u0400-\u04ff]*|взаємн[\u0400-\u04ff]*)\s+"
                      r"(?:trade|торговл[\u0400-\u04ff]*|торгівл[\u0400-\u04ff]*)|(?:bilateral\s+)?trade\s+turnover|turnover|bilateral\s+trade|"
                      r"trade\s+volume|(?<!\bin\s)(?<!\bits\s)(?<!\btheir\s)(?:goods\s+)?trade(?:\s+in\s+goods(?:\s+and\s+services)?)?\s+(?=between|with)|commerce\s+(?=between)|"
                      r"товарооборот[\u0400-\u04ff]*|(?<=\s)оборот[\u0400-\u04ff]*|(?<=\s)обіг(?:у|ом)?(?![\w\u0400-\u04ff])|"
                      r"товарообіг[\u0400-\u04ff]*|товарообмін[\u0400-\u04ff]*|"
                      r"внешнеторгов[\u0400-\u04ff]*\s+оборот[\u0400-\u04ff]*|торгов[\u0400-\u04ff]*\s+оборот[\u0400-\u04ff]*|"
                      r"Gesamthandel(?:\s+beider\s+(?:Länder|Staaten))?|Summe\s+(?:aus|der)\s+(?:Aus-\s+und\s+Einfuhren|Ein-\s+und\s+Ausfuhren|"
                      r"Exporten\s+und\s+Importen|Importen\s+und\s+Exporten)|trade\s+in\s+both\s+directions|"
                      r"(?:объ[её]м|обсяг)[\u0400-\u04ff]*\s+(?:(?:взаимн|двусторонн|взаємн|двосторонн)[\u0400-\u04ff]*\s+)?"
                      r"(?:торговл|торгівл)[\u0400-\u04ff]*|Außenhandelsumsatz|Handelsumsatz|Warenumsatz|Handelsvolumen|Warenaustausch|Warenverkehr|"
                      r"(?<!\bim\s)(?:bilaterale[nr]?\s+)?Handel(?:s)?\s+(?=zwischen|mit)|"
                      # "торгівля України з Китаєм", "торговля с РФ", "обсяг торгівлі між …"
                      r"(?<!(?<![\w\u0400-\u04ff])[ув]\s)(?<!сальдо\s)(?<!дефицит\s)(?<!профицит\s)(?<!дефіцит\s)(?<!профіцит\s)"
                      r"(?:торговл|торгівл)[\u0400-\u04ff]*\s+(?=(?:с|со|з|із|зі|между|між)\s+"
                      + C + r"|" + C +
                      r"\s+(?:с|со|з|із|зі)\s))"
                      r"(?:\s*(?:(?:between|of|with|между|між|zwischen|mit|von|с|со|з|із|зі)\s+)?(?:" + _c("a") +
                      # "… of Japan with Korea", "товарообіг Індії зі Штатами", "Handel Deutschlands mit China"
                      r"\s+(?:and|и|і|та|und|with|mit|с|со|з|із|зі)\s+(?:the\s+|der\s+|den\s+|dem\s+)?" + _c("b") +
                      r"|the\s+two\s+(?:states|countries|sides|nations|neighbours|neighbors)|(?:the\s+|den\s+|der\s+|dem\s+)?" +
                      _c("w") + r"))?",
                      re.I)
#: the pair as the subject of "traded", "did … of business", "(Waren) ausgetauscht/gehandelt": their turnover ("Chile
#: and Peru traded goods worth …", "the two countries traded …", "zwischen beiden Ländern wurden Waren im Wert von …
#: gehandelt", "Deutschland und Polen haben Waren für … ausgetauscht")
#: a capitalised name of up to three words, where a country may stand (checked against the country names after a
#: match: one country pattern less to compile per use)
_NAME = (r"(?:(?:the|die|der|den)\s+)?(?-i:[A-ZÄÖÜ\u0400-\u042f\u0404\u0406\u0407\u0490])[\w'’.-]*"
         r"(?:\s+(?-i:[A-ZÄÖÜ\u0400-\u042f\u0404\u0406\u0407\u0490])[\w'’.-]*){0,2}")
TRADED = re.compile(r"(?:(?P<n1>" + _NAME + r")\s+(?:and|und)\s+(?P<n2>" + _NAME + r")|the\s+two\s+"
                    r"(?:countries|sides|states|nations|neighbours|neighbors|economies))\s+(?:have\s+|had\s+)?"
                    r"(?:traded|exchanged|did(?=\s[^;]{0,40}\bbusiness\b))(?![\w-])|"
                    r"(?:zwischen\s+(?:den\s+)?beiden\s+(?:Ländern|Staaten)|(?P<n3>" + _NAME + r")\s+und\s+(?P<n4>" +
                    _NAME + r")\s+(?:haben|hatten))\b[^;]{0,80}?\b(?:gehandelt|ausgetauscht)\b", re.I)
#: a country's trade with the whole world, as the subject of its sentence: "Georgia's total foreign trade grew …",
#: "Total US goods trade fell …", "Der gesamte Außenhandel der Vereinigten Staaten sank …", "внешняя торговля
#: Узбекистана выросла …", "зовнішньоторговельний обіг Грузії …" (not a share "of Georgia's trade", not "trade with");
#: the country is the one named in the match
WORLD_TRADE = re.compile(
    r"(?<!\bof\s)(?<!\bof\sthe\s)(?<!\bof\sall\s)(?<!\bin\s)(?:" + _NAME + r"(?:['’]s)?\s+)?(?:total|overall|entire)\s+"
    r"(?:" + _NAME + r"\s+)?(?:(?:foreign|external|goods|merchandise)\s+)*trade(?!\s+(?:with|between|balance|surplus|"
    r"deficit|in\s+goods\s+with)\b)(?!-)|"
    r"(?<!\bof\s)" + _NAME + r"['’]s\s+(?:foreign|external)\s+trade(?!\s+(?:with|between|balance|surplus|deficit)\b)|"
    r"\b(?:der|Der)\s+(?:gesamte\s+)?Außenhandel\s+(?:der\s+|des\s+|von\s+)?" + _NAME + r"(?!\s+(?:mit|mit\s+dem)\s)|"
    r"(?<![\w\u0400-\u04ff])(?:внешняя\s+торговля|внешнеторговый\s+оборот|зовнішня\s+торгівля|"
    r"зовнішньоторговельний\s+(?:обіг|оборот))\s+" + _NAME + r"(?!\s+(?:с|со|з|із|зі)\s)", re.I)
BALANCE = re.compile(r"(?:" + _c("a") + r"\s+(?:had\s+|ran\s+|posted\s+|recorded\s+|with\s+)?(?:an?\s+)?)?"
                     r"(?<![\w\u0400-\u04ff])(?:positive\s+|negative\s+)?(?:trade\s+)?(?:import\s+|export\s+)?(?P<k>surplus|deficit|balance|"
                     r"сальдо|профицит[\u0400-\u04ff]*|дефицит[\u0400-\u04ff]*|профіцит[\u0400-\u04ff]*|"
                     r"дефіцит[\u0400-\u04ff]*|Überschuss|Defizit|Handelsbilanz|Importüberschuss|Exportüberschuss|Handelsdefizit|"
                     r"Ausfuhrüberschuss|Einfuhrüberschuss|Außenhandelsüberschuss|Außenhandelsdefizit|"
                     r"Handelsbilanzdefizit|Handelsüberschuss|Handelsbilanzüberschuss)(?![\w\u0400-\u04ff])"
                     r"(?:\s+(?:for|of)\s+" + _c("f") + r")?(?:\s+(?:with|vis-à-vis|vis-a-vis|mit|im\s+Handel\s+mit|с|со|"
                     r"в\s+торговле\s+с|з|у\s+торгівлі\s+з)\s+" + _c("b") + r")?",
                     re.I)
#: a pair written as one compound before "trade": "Russian-Turkish trade", "India–Russia trade"
PAIR_TRADE = re.compile(r"(?<![\w-])(?P<a>" + _COUNTRY_ALTS + r")[-–/](?P<b>" + _COUNTRY_ALTS + r")(?![\w-])\s+"
                        r"(?:bilateral\s+|two-way\s+|goods\s+|merchandise\s+)?(?:trade|commerce|turnover)\b", re.I)
#: "trade" alone as the subject of a verb: the document's pair ("In April–September trade rose 8%")
BARE_TRADE = re.compile(r"(?<![\w-])(?:(?:bilateral|two-way|mutual|the)\s+)?(?:trade|Handel|Handelsvolumen|(?<=the\s)volume|(?<=the\s)exchange|(?<=das\s)Volumen|(?<=der\s)Austausch|"
                        r"торговля\s+(?:двух\s+стран|между\s+ними)|торгівля\s+(?:двох\s+країн|між\s+ними))"
                        r"(?:\s+(?:between\s+them|in\s+goods))?\s+(?=(?:has\s+|had\s+)?(?:rose|risen|fell|fallen|"
                        r"grew|grown|increased|decreased|declined|jumped|dropped|reached|came\s+to|amounted\s+to|"
                        r"totall?ed|stood\s+at|hit|expanded|shrank|climbed|slipped|edged|surged|was|were|ist|war|"
                        r"stieg|wuchs|sank|fiel|erreichte|legte|nahm|ging|belief|достигла|составила|выросла|"
                        r"сократилась|досягла|склала|зросла|скоротилася|увеличилась|уменьшилась|снизилась|"
                        r"збільшилася|зменшилася|знизилася)(?![\w\u0400-\u04ff]))", re.I)
#: a share of a country's trade: "China accounted for 21.3% of Uzbekistan's foreign trade", "Kazakhstan's share in
#: Uzbekistan's trade", "Russlands Anteil am georgischen Außenhandel", "доля России во внешнеторговом обороте
#: Узбекистана", "на Россию приходилось 23% внешней торговли Казахстана"; the trade word may be exports/imports
_TRADE_WORD = (r"(?P<tw>(?:total\s+|foreign\s+|overall\s+|external\s+|goods\s+|merchandise\s+)*(?:trade|turnover|exports|imports|"
               r"crude\s+imports|oil\s+imports)|[\w-]*(?:außenhandel|handel|umsatz|exporte|importe|einfuhren|"
               r"ausfuhren)\w*|(?:внешнеторгов\w*\s+)?(?:оборот|товарооборот|торговл|экспорт|импорт|"
               r"зовнішньоторговельн\w*\s+обіг|товарообіг|торгівл|експорт|імпорт)[\u0400-\u04ff]*)")
SHARE_OF = [
    # "China accounted for 21% of Uzbekistan's trade", "Chile supplied 13% of everything Peru bought abroad": whose
    # share it is (the country after "of") and of which flow (the word after it)
    re.compile(r"(?P<p>" + C + r")\s+(?:accounted\s+for|accounts\s+for|accounting\s+for|took|takes|absorbed|"
               r"received|bought|supplied|supplies|provided|made\s+up|represented)\s+[^;]{0,40}?\bof\s+(?:the\s+)?"
               r"(?:total\s+|overall\s+)?(?:everything\s+|all\s+(?:that\s+|the\s+goods\s+)?|what\s+)?"
               r"(?P<r>" + C + r")\s+(?:" + _TRADE_WORD + r"|(?P<tv>imported|bought|purchased|exported|sold)\b)", re.I),
    re.compile(r"(?P<p>" + C + r")\s+(?:share|Anteil)\s+(?:of|in|am|an\s+den|an\s+der|im)\s+(?:the\s+)?"
               r"(?P<r>" + C + r")\s+" + _TRADE_WORD, re.I),
    re.compile(r"(?:share|Anteil)\s+(?:of\s+)?(?P<p>" + C + r")\s+(?:in|of|am|an\s+den|an\s+der|im)\s+"
               r"(?:the\s+)?(?P<r>" + C + r")\s+" + _TRADE_WORD, re.I),
    re.compile(r"(?:share|Anteil)\s+(?:of\s+)?(?P<p>" + C + r")\s+(?:in|of|am|an\s+den|an\s+der|im)\s+(?:the\s+)?"
               + _TRADE_WORD + r"\s+(?:of\s+)?(?P<r>" + C + r")", re.I),
    re.compile(r"(?<![\w\u0400-\u04ff])(?:дол[яеиюя]|частк[аиуі])\s+(?P<p>" + C + r")\s+(?:в|во|у)\s+" +
               _TRADE_WORD + r"\s+(?P<r>" + C + r")", re.I),
    # "на Китай пришлось 21% внешней торговли страны", "на Азербайджан припало 9% зовнішньої торгівлі Грузії": the
    # country after the trade word (or "the country", "the republic": the home country) owns the total
    re.compile(r"(?<![\w\u0400-\u04ff])на\s+(?P<p>" + C + r")\s+(?:приходил|приходит|припада|пришл|припал)"
               r"[\u0400-\u04ff]*\s+[^;]{0,30}?" + _TRADE_WORD + r"\s+(?P<r>" + C +
               r"|стран[ыи]|республик[иі]|країни)(?![\w\u0400-\u04ff])", re.I),
    re.compile(r"(?:\bin|\bim|(?<![\w\u0400-\u04ff])в|(?<![\w\u0400-\u04ff])у)\s+(?P<r>" + C + r"),?\s+(?P<p>" + C +
               r")\s+(?:share|Anteil)\s+(?:of|in|am)\s+" + _TRADE_WORD, re.I),
]
#: "Total US goods trade fell …", "Germany's foreign trade", "der gesamte Handel": not the pair's trade
_NOT_BILATERAL = re.compile(r"(?:\b(?:total|overall|foreign|external|global|world|its|their|all|gesamte[rn]?|"
                            r"weltweite[rn]?)\s+(?:[\w-]+\s+){0,2}|(?:" + C + r"|\bshare\s+of|\bshare\s+in|"
                            r"(?-i:\b[A-Z]{2,4}))\s+(?:goods\s+|merchandise\s+)?)$", re.I)
_TOTAL_AFTER = re.compile(r"\s+(?:insgesamt|in\s+total|overall|total|всего|в\s+целом|загалом|усього)\b", re.I)
_TOTAL_BEFORE = re.compile(r"(?:\b(?:total|overall|gesamte[nr]?|Gesamt)|(?<![\w\u0400-\u04ff])(?:общ[\u0400-\u04ff]*|"
                           r"совокупн[\u0400-\u04ff]*|загальн[\u0400-\u04ff]*))\s+$", re.I)
#: a turnover with a group of countries: "with the countries of the organisation", "со странами ЕАЭС"
_GROUP_AFTER = re.compile(r"\s*(?:with\s+(?:the\s+)?(?:other\s+)?(?:countries|members|states)|mit\s+den\s+(?:übrigen\s+)?"
                          r"(?:Ländern|Staaten|Mitgliedern)|со?\s+(?:странами|государствами|членами)|з\s+(?:країнами|"
                          r"державами|членами))", re.I)
_PARTNER_CONTEXT = re.compile(r"partner|ranking|ranked|came\s+(?:second|third)|\bled\b|ahead\s+of|folgten|folgte|"
                              r"Rang|Platz|партн[её]р|торговл|торгівл|товарооборот|товарообіг|Handel|\btrade\b", re.I)
_PARTNER_WITH = re.compile(r"(?P<c>" + C + r")\s+(?:(?:[\w'’-]+|\(\S+\))\s+){0,6}?(?:with|mit)\s+(?:(?:" + HEDGE_RE +
                           r")\s+)?(?:[\w-]+\s+){0,2}?$|(?<![\w\u0400-\u04ff])(?:с|со|з|із|на)\s+(?P<c2>" + C +
                           r")\s*[—–:-]\s*(?:(?:на|в|у|до)\s+)?(?:(?:" + HEDGE_RE + r")\s+)?$|(?P<c3>" + C +
                           r")\s*\(\s*(?:[^()]{0,30}[,;]\s*)?$", re.I)
#: before a total that is the base of a share: "of its total exports", "of the kingdom's total imports", "der gesamten"
_BASE_OF = re.compile(r"\b(?:of|von|der|des)\s+(?:[\w'’-]+\s+){0,3}$", re.I)
#: a part of the figure named before: "of which", "davon", "из них", "з них", "у тому числі", "including"
_PART_OF = re.compile(r"\bof\s+which\b|\bdavon\b|\bdarunter\b|\bincluding\b|(?<![\w\u0400-\u04ff])(?:из\s+них|з\s+них|"
                      r"в\s+том\s+числе|у\s+тому\s+числі)(?![\w\u0400-\u04ff])", re.I)
_CONJ = re.compile(r"(?<![\w\u0400-\u04ff])(?:and|und|sowie|и|і|й|та|а)(?![\w\u0400-\u04ff])", re.I)
_DE_PARTICIPLES = {"ausgeführt", "eingeführt", "exportiert", "importiert"}
#: prepositions of origin and of destination
_FROM_PREPS = {"from", "aus", "von", "из", "с", "со", "з", "із"}
_TO_PREPS = {"to", "into", "nach", "in die", "in den", "в", "во", "до"}
EXPORT_WORDS = {"exports", "exported", "exporting", "sold", "shipped", "deliveries", "shipments", "sales", "supplied"}


#: a preposition that makes the country after it a partner ("exports to China", "Einfuhren aus China", "импорт из
#: Китая", "торгівля з Польщею")
_PARTNER_PREP = re.compile(r"(?:\b(?:to|from|with|into|nach|aus|mit|gegenüber|in\s+die|in\s+den)|(?<![\w\u0400-\u04ff])"
                           r"(?:в|во|из|с|со|до|з|із|зі))\s+(?:the\s+|der\s+|den\s+|dem\s+)?$", re.I)


def find_dyad(text: str) -> tuple[str, ...]:
    """The two countries a document is about: the two mentioned most often (first mention breaks ties), the
    *home* country first: the one the text names less often as a partner (after "to", "from", "with", "nach",
    "aus", "mit", "в", "из", "с", "з" …). A statistics office writes "Einfuhren aus China", "Handel mit den USA"
    about its own country, which it names rarely ("deutsche Exporte") and never as a partner; a flow or a
    turnover that names only a partner takes the home country as its other side."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    as_partner: Counter[str] = Counter()
    for m in COUNTRY_RE.finditer(text[:200_000]):
        iso = country(m.group(1))
        if iso:
            counts[iso] += 1
            first.setdefault(iso, m.start())
            if _PARTNER_PREP.search(text, max(0, m.start() - 16), m.start()):
                as_partner[iso] += 1
    top = sorted(counts, key=lambda k: (-counts[k], first[k]))[:2]
    if len(top) == 2:
        share = [as_partner[k] / counts[k] for k in top]
        if share[0] - share[1] >= 0.25:
            top.reverse()
    return tuple(top)


def _home_or_other(dyad, iso):
    """The other side of a flow or turnover that names only ``iso``: the document's other country when ``iso``
    is one of the pair, else the home country (the pair's first)."""
    if not dyad or iso is None:
        return None
    return _other(dyad, iso) or (dyad[0] if dyad[0] != iso else None)


def _named_pair(text: str, s: int, e: int):
    """The two countries ``text[s:e]`` names, when it names exactly two (else None)."""
    got = []
    for m in COUNTRY_RE.finditer(text, s, e):
        iso = country(m.group(1))
        if iso and iso not in got:
            got.append(iso)
            if len(got) > 2:
                return None
    return tuple(got) if len(got) == 2 else None


def _other(dyad, iso):
    if iso and len(dyad) == 2 and iso in dyad:
        return dyad[1] if dyad[0] == iso else dyad[0]
    return None


def _dist(ms: int, me: int, span) -> float:
    s, e = span
    if me <= s:
        return s - me
    if ms >= e:
        return (ms - e) * 1.3
    return 0


#: cheap tests that a clause can match the patterns above at all (most clauses cannot)
_FLOW_HINT = re.compile(r"export|import|deliveri|shipment|shipped|purchase|sales|sold|bought|supplied|экспорт|импорт|поставк|"
                        r"отгруз|вывез|ввез|відвантаж|ввіз|вивіз|вивез|"
                        r"geführt|geliefert|gekauft|bezogen|ging|kam|goods|"
                        r"експорт|імпорт|ausfuhr|einfuhr|lieferung|liefert|verkauf|bezog|kaufte|закуп|купил|продал|"
                        r"поставил|поставив|продав|купив|постача", re.I)
_TRADED_HINT = re.compile(r"traded|exchanged|business|gehandelt|ausgetauscht", re.I)
_WORLD_HINT = re.compile(r"(?:total|overall|entire|foreign|external)\s|['’]s\s+(?:foreign|external)|Außenhandel|"
                         r"внешн|внешнеторг|зовнішн", re.I)
_WORD_PARTNER_HINT = re.compile(r"neighbou?r|kingdom|republic|nachbarland|volksrepublik|республик|сусідн", re.I)
_THERE_HINT = re.compile(r"there|dort|туда|оттуда|туди|звідти", re.I)
_TURNOVER_HINT = re.compile(r"turnover|two-way|volume|exchange|austausch|summe|both directions|двусторонн|двосторонн|trade|commerce|business|gehandelt|ausgetauscht|обіг|товарооб|оборот|handel|warenaus|warenverk|umsatz|торговл|торгівл|"
                            r"importe und|exports and|imports and|exporte und|ein- und|экспорт и|импорт и", re.I)
_PAIR_GATE = re.compile(r"\w[-–/]\w[^\s]*\s+(?:bilateral\s+|two-way\s+|goods\s+|merchandise\s+)?(?:trade|commerce|turnover)",
                        re.I)
_BARE_GATE = re.compile(r"\btrade\s|volume\s|exchange\s|Volumen\s|Austausch\s|Handel\s|Handelsvolumen|торговля\s|торгівля\s", re.I)
_SHARE_HINT = re.compile(r"share|anteil|accounted|accounts for|accounting for|took|takes|absorbed|received|bought|supplie|provided|made up|represented|дол[яеиюя]|частк|приходи|припада|пришл|припал", re.I)
_BALANCE_HINT = re.compile(r"surplus|deficit|balance|сальдо|профиц|дефиц|профіц|дефіц|überschuss|defizit|bilanz", re.I)
# perf: the same yes/no tests as one prefix-factored pattern each
_FLOW_HINT, _TURNOVER_HINT, _SHARE_HINT, _BALANCE_HINT = map(any_of, (_FLOW_HINT, _TURNOVER_HINT, _SHARE_HINT,
                                                                    _BALANCE_HINT))
_COUNTRY_FIRST = {"p1", "p3", "p7"}
_HAT = re.compile(r"(?<=\s)(?:hat|haben|hatte|hatten)\b", re.I)       # without it the pattern p10 cannot match
_IMPORT_VERB = re.compile(r"bought|purchas|import|bezog|bezogen|kaufte|kauften|gekauft|einf|eingeführt|закуп|купил|купив|импорт|"
                          r"імпорт|ввез", re.I)


_NAMED: list = [None, {}]


def country_matches(text: str, s: int, e: int) -> list:
    """``list(COUNTRY_RE.finditer(text, s, e))``, kept for the last few ranges of the current text (perf: the
    subject step and the extractor's sureness test scan the same sentences)."""
    if _NAMED[0] is not text or len(_NAMED[1]) > 64:
        _NAMED[0], _NAMED[1] = text, {}
    got = _NAMED[1].get((s, e))
    if got is None:
        got = _NAMED[1][(s, e)] = list(COUNTRY_RE.finditer(text, s, e))
    return got


def clause_matches(text: str, cs: int, ce: int):
    """The flow, turnover and balance matches in clause ``text[cs:ce]`` (a clause often holds several numbers:
    callers may keep the result for the next number of the same clause)."""
    seg = text[cs:ce]
    flows = []
    if _FLOW_HINT.search(seg):
        starts = None
        for name, rx in FLOW_PATTERNS:
            if name not in _COUNTRY_FIRST:
                if (name != "p10" or _HAT.search(seg)) and (name != "p13" or _THERE_HINT.search(seg)) and \
                        (name != "p14" or _WORD_PARTNER_HINT.search(seg)):
                    flows += [(name, rx, m) for m in rx.finditer(text, cs, ce)]
                continue
            # patterns that begin with a country name are tried only where a country name begins (the same
            # matches as finditer, much faster than trying every offset)
            if starts is None:
                starts = [m.start() for m in country_matches(text, cs, ce)]
            last = cs
            for st in starts:
                if st < last:
                    continue
                m = rx.match(text, st, ce)
                if m:
                    flows.append((name, rx, m))
                    last = m.end()
    turn_hint = _TURNOVER_HINT.search(seg)
    turn = list(TURNOVER.finditer(text, cs, ce)) if turn_hint else []
    if turn or turn_hint:
        for rx in (PAIR_TRADE, BARE_TRADE):
            if rx is PAIR_TRADE and not _PAIR_GATE.search(seg) or rx is BARE_TRADE and not _BARE_GATE.search(seg):
                continue
            turn += [m for m in rx.finditer(text, cs, ce) if not any(t.start() <= m.start() < t.end() for t in turn)
                     and not (rx is BARE_TRADE and _NOT_BILATERAL.search(text, max(0, m.start() - 40), m.start()))]
    if _TRADED_HINT.search(seg):
        turn += list(TRADED.finditer(text, cs, ce))
    if _WORLD_HINT.search(seg):
        turn += [m for m in WORLD_TRADE.finditer(text, cs, ce) if not any(t.start() <= m.start() < t.end() for t in turn)]
    if _SHARE_HINT.search(seg):
        turn += [m for rx in SHARE_OF for m in rx.finditer(text, cs, ce)]
    bal = list(BALANCE.finditer(text, cs, ce)) if _BALANCE_HINT.search(seg) else []
    return flows, turn, bal


def _went_info(m, dyad, sent_subject):
    """What "Nach China gingen Waren für …" / "Aus China kamen Waren …" says (pattern p15): exports to, or imports
    from, the named country of the sentence's earlier flow's country, else of the document's other or home one."""
    b = country(m["b"] or m["b2"])
    verb, prep = (m["ind"] or m["ind2"]).lower(), (m["prep"] or m["prep2"]).lower()
    if b is None:
        return None
    if verb.startswith("k"):
        if prep not in ("aus", "von"):
            return None
        ind = "imports"
    else:
        if prep in ("aus", "von"):
            return None
        ind = "exports"
    a = (sent_subject[1] if sent_subject is not None and sent_subject[0] in ("exports", "imports") and
         sent_subject[1] and sent_subject[1] != b else None) or _home_or_other(dyad, b)
    if a is None:
        return None
    return (m.start(), m.end(), ind, a, b, 0, None)


def _flow_info(text, cs, name, rx, m, dyad, sent_subject):
    """What a flow match says, whatever the number: (start, end, indicator, reporter, partner, penalty,
    closes) or None when the match names no usable pair. Only the distance to a number is left to the caller."""
    if name == "p15":
        return _went_info(m, dyad, sent_subject)
    if name == "p16":
        b = country(m["b"] or m["b2"])
        a = country(m["a"]) if m["a"] else None
        a = a or (sent_subject[1] if sent_subject is not None and sent_subject[1] and sent_subject[1] != b else None) \
            or _home_or_other(dyad, b)
        return None if a is None or b is None or a == b else (m.start(), m.end(), "imports", a, b, 0, None)
    a = country(m["a"]) if "a" in rx.groupindex and m["a"] else None
    b = country(m["b"]) if "b" in rx.groupindex and m["b"] else None
    word = (m["ind"] if "ind" in rx.groupindex and m["ind"] else m["verb"]).lower()
    exp = (word in EXPORT_WORDS or any(k in word for k in ("export", "экспорт", "експорт", "ausfuhr", "ausgeführt",
                                                           "поставк", "liefer", "geliefert", "verkauf", "продал",
                                                           "поставил", "поставив", "продав", "постача", "отгруз", "вывез",
                                                           "відвантаж", "вивіз", "вивез"))) \
        and not _IMPORT_VERB.match(word) and "einfuhr" not in word and "import" not in word
    end = m.end()
    if name in ("p3", "p9") and (b is None or b == a or (m["io"] if "io" in rx.groupindex else None)):
        io = m["io"] if "io" in rx.groupindex else m["adj"]
        if io and country(io) and country(io) != a:
            end = m.end("io" if "io" in rx.groupindex else "adj")
            # "Brazil sold China …", "bezog Indien russisches Öl", "Russia supplied Belarus with goods worth …"
            # (a "to Russia" further on belongs to a later verb)
            b = country(io)
        elif b == a:
            b = None
    if name == "p14":
        a = (sent_subject[1] if sent_subject is not None and sent_subject[0] in ("exports", "imports") and
             sent_subject[1] else None) or (dyad[0] if dyad else None)
        b = _other(dyad, a)
        if a is None or b is None:
            return None
        if exp and (m["prep"] or "").lower() in _FROM_PREPS or not exp and (m["prep"] or "").lower() in _TO_PREPS:
            a, b = b, a                          # "exports from the republic", "imports into the kingdom"
    if name == "p13":
        home = dyad[0] if dyad else None
        near = [x for x in (country(y.group(1)) for y in COUNTRY_RE.finditer(text, max(0, m.start() - 250), m.start()))
                if x and x != home]
        if not near:
            return None
        b = near[-1]
        a = sent_subject[1] if sent_subject is not None and sent_subject[1] and sent_subject[1] != b else \
            _home_or_other(dyad, b)
    if name == "p12":
        # no subject of its own: the sentence's earlier flow's, and its partner unless one is named
        if sent_subject is None or sent_subject[0] not in ("exports", "imports") or not sent_subject[1]:
            return None
        a = sent_subject[1]
        b = b if b and b != a else sent_subject[2]
    if name == "p3" and b is None and _TOTAL_BEFORE.search(text, max(cs, m.start("verb") - 20), m.start("verb")):
        return None                              # "Chile's total exports fell": the world total (p8), not a verb
    if name == "p3" and _PARTNER_PREP.search(text, max(0, m.start() - 16), m.start()) and \
            _CONJ.search(text, m.end("a"), m.start("verb")):
        return None                              # "… nach Mexiko und importierten": Mexico is the partner (p12)
    if name == "p10":                            # the partner: "nach Brasilien", "brasilianische Waren"
        b = next((x for x in (country(y.group(1)) for y in COUNTRY_RE.finditer(m["mid"])) if x and x != a), None)
    if name == "p6" and m["goods"] and a and b and not exp:
        a, b = b, a                              # "импорт белорусских товаров в Россию": Russia's imports
    prep = (m["prep"] or "").lower() if "prep" in rx.groupindex else ""
    if name in ("p4", "p6", "p7") and a is None and b is not None and (
            exp and prep in _FROM_PREPS or not exp and prep in _TO_PREPS):
        # "exports from Russia", "экспорт из России": the country is the exporter; "imports into Poland",
        # "импорт в Россию": the importer
        a, b = b, None
        b = (sent_subject[2] if sent_subject is not None and sent_subject[1] == a and sent_subject[2]
             else _home_or_other(dyad, a))
    elif name == "p4" or (name in ("p6", "p7") and a is None):
        # "Kazakh exports to China were $16.3 billion and imports from China $24.7 billion": the country of
        # the sentence's earlier flow; else the document's other (or home) country
        a = (sent_subject[1] if sent_subject is not None and sent_subject[0] in ("exports", "imports") and
             sent_subject[1] and sent_subject[1] != b else None) or _home_or_other(dyad, b)
    if name == "p8" and (_TOTAL_AFTER.match(text, m.end()) or _TOTAL_BEFORE.search(text, max(cs, m.start() - 20),
                                                                                    m.start())):
        # "die Ausfuhren insgesamt", "Brazil's total exports": not the pair's but the country's with the whole world
        # (no partner): the country named just before, else the sentence's, else the home country
        if _BASE_OF.search(text, max(0, m.start() - 30), m.start()):
            return None                             # "6.6% of its total exports": the base of a share
        near = [x for x in (country(y.group(1)) for y in COUNTRY_RE.finditer(text, max(cs, m.start() - 30), m.start()))
                if x]
        a = near[-1] if near else (sent_subject[1] if sent_subject is not None and sent_subject[1] else
                                   (dyad[0] if dyad else None))
        if a is None:
            return None
        return (m.start(), m.end(), "exports" if exp else "imports", a, None, 5, "world")
    if name == "p8":
        a = sent_subject[1] if sent_subject is not None and sent_subject[1] else (dyad[0] if dyad else None)
        # "die Ausfuhren in die EU stiegen …, die Einfuhren um …": the partner just named
        b = (sent_subject[2] if sent_subject is not None and sent_subject[1] == a and sent_subject[2]
             else _other(dyad, a))
    if name == "p5" or (name in ("p3", "p9") and b is None):
        if a is None and sent_subject is not None:
            a = sent_subject[1]
        b = b or (sent_subject[2] if sent_subject and sent_subject[1] == a else None) or _other(dyad, a)
    if a is None and b is None:
        return None
    if a is not None and b is None:
        b = _other(dyad, a)
    if a == b:
        return None
    ind = "exports" if exp else "imports"
    if word in ("purchases", "bought", "purchased") or _IMPORT_VERB.match(word):
        ind = "imports"
    return (m.start(), end, ind, a, b, 5 if name in ("p5", "p8") else 0,
            name == "p10" or name == "p5" and word in _DE_PARTICIPLES)


def _turn_info(text, cs, ce, m, dyad):
    """What a turnover or share match says, whatever the number: (offset added to the distance, indicator,
    reporter, partner) or None."""
    gi = m.re.groupindex
    if m.re is WORLD_TRADE:                      # the country's trade with the whole world: no partner
        a = next((x for x in (country(y.group(1)) for y in COUNTRY_RE.finditer(text, m.start(), m.end())) if x), None)
        return (0, "turnover", a, None) if a else None
    if m.re is TRADED:
        if m["n1"] or m["n3"]:                   # "Chile and Peru traded …": both names must be countries
            got = _named_pair(text, m.start(), m.end("n2") if m["n2"] else m.end("n4"))
            return (0, "turnover", *got) if got else None
        a, b = _named_pair(text, cs, ce) or (tuple(dyad) if len(dyad) == 2 else (None, None))
        return (0, "turnover", a, b)
    if m.re is TURNOVER and not (m["a"] or m["w"]) and _GROUP_AFTER.match(text, m.end()):
        return (0, "turnover", None, None)       # "оборот со странами организации": a group, not the pair
    if "p" in gi:                                # a share of a country's trade (SHARE_OF)
        r, p = country(m["r"]), country(m["p"])
        if r is None and m["r"] and not m["r"][0].isupper() and p:
            r = _home_or_other(dyad, p)          # "… внешней торговли страны": the home country's
        if r and p and r != p:
            tw = (m["tw"] or (m["tv"] if "tv" in gi else None) or "").lower()
            ind = ("exports" if re.search(r"export|ausfuhr|экспорт|експорт|sold", tw) else
                   "imports" if re.search(r"import|einfuhr|импорт|імпорт|bought|purchased", tw) else "turnover")
            return (-1, ind, r, p)
        return None
    a = country(m["a"]) if "a" in gi and m["a"] else None
    b = country(m["b"]) if "b" in gi and m["b"] else None
    if "w" in gi and m["w"]:
        a, b = None, country(m["w"])
        a = _home_or_other(dyad, b)              # "Handel mit den USA" in a German release: Germany's
    if a is None and b is None:
        # "bilateral turnover of $41 billion" in a sentence that names two countries: theirs
        a, b = _named_pair(text, cs, ce) or (tuple(dyad) if len(dyad) == 2 else (None, None))
    if a is None and len(dyad) == 2:
        a, b = dyad
    return (0, "turnover", a, b)


_MISS = object()


def trade_subject(text: str, cs: int, ce: int, span, dyad, sent_subject, matches=None, later=(), prev_subject=None,
                  memo=None):
    """(indicator, reporter, partner) for the number at ``span`` in clause ``text[cs:ce]``, or None.
    ``matches`` is :func:`clause_matches` of that clause when the caller already has it. ``later``: offsets of
    the other numbers of the clause; a flow named after this number and followed by one of them is theirs
    ("exports to X were $2.9 billion, imports from X $1.4 billion"). ``memo``: a dict the caller keeps for the
    numbers of one sentence (the same ``dyad``): what each flow and turnover match says is derived once, only
    the distance to each number is computed per number."""
    cands = []
    last_later = max(later, default=-1)              # "followed by one of them" = ends before the last of them
    flows, turn, bal = matches if matches is not None else clause_matches(text, cs, ce)
    if memo is None:
        memo = {}
    for name, rx, m in flows:
        key = (m, sent_subject)
        info = memo.get(key, _MISS)
        if info is _MISS:
            info = memo[key] = _flow_info(text, cs, name, rx, m, dyad, sent_subject)
        if info is None:
            continue
        ms_, end, ind, a, b, pen, closes = info
        d = _dist(ms_, end, span) + pen
        if closes == "world" and end <= span[0] and _PART_OF.search(text, end, span[0]):
            continue                                 # "Total exports were $63 billion, of which $47 billion …"
        if closes is True and end <= span[0]:
            d += 40                                  # a German participle closes what it governs: a figure after it
            #                                          is another verb's ("… eingeführt und 2,1 Mrd. … ausgeführt")
        if ms_ >= span[1] and ms_ < last_later:
            # a flow named after this number and before the next one is the next one's ("… $1.8 billion and Belarus
            # shipped $1.2 billion to Russia")
            d += 200
        cands.append((d, ind, a, b))
    for m in turn:
        info = memo.get(m, _MISS)
        if info is _MISS:
            info = memo[m] = _turn_info(text, cs, ce, m, dyad)
        if info is None:
            continue
        off, ind, a, b = info
        d = _dist(m.start(), m.end(), span)
        if m.start() >= span[1] and m.start() < last_later:
            d += 200                                 # "… rose 8% to $1.67 billion, putting two-way trade at $4.37
            #                                          billion": a trade word after this figure is the next one's
        if off and m.end() <= span[0]:
            # a ranking after a share: "Mexico took 15.7% of all US trade, ahead of Canada with 15.2%": the share
            # of the country named right before this figure
            pm = _PARTNER_WITH.search(text, max(m.end(), span[0] - 80), span[0])
            c = country(pm["c"] or pm["c2"] or pm["c3"]) if pm else None
            if c and c not in (a, b):
                b = c
        cands.append((d - 1 if off else d, ind, a, b))
    late_bal = []
    for m in bal:
        if m.start() >= span[1] and text[span[1]:m.start()].strip():
            # "…$0.6 billion, a trade surplus of …" is another number's; but with nothing else in the clause, a
            # German verb-final "Mit 4,1 Mrd. Euro erzielte X … seinen Ausfuhrüberschuss" is this one's
            if not any(m.end() <= x <= m.end() + 40 for x in later) and not any(x < m.start() for x in later):
                late_bal.append(m)
            continue
        a = country(m["a"]) if m["a"] else (country(m["f"]) if m["f"] else None)
        b = country(m["b"]) if m["b"] else None
        if a is None:
            # the owner is never the partner named after "with" ("The surplus with China narrowed …")
            a = sent_subject[1] if sent_subject and sent_subject[1] != b else None
            if a is None:
                near = [x for x in (country(y.group(1)) for y in COUNTRY_RE.finditer(text, cs, span[0])) if x and x != b]
                a = near[-1] if near else None
        if a is None and prev_subject is not None and prev_subject[0] in ("exports", "imports", "balance") and \
                prev_subject[1] != b:
            a = prev_subject[1]                      # "Отрицательное сальдо составило …": the previous flow's country
        if a is None and b is not None:
            a = _home_or_other(dyad, b)
        if b is None:
            b = _other(dyad, a)
        cands.append((_dist(m.start(), m.end(), span) - 0.5, "balance", a, b))
    if not cands and _PARTNER_CONTEXT.search(text, max(0, cs - 200), ce):
        # a ranking of partners: "Turkey led with almost $3 billion", "Dahinter folgten die Niederlande mit 157,6 Mrd.
        # Euro", "с Кыргызстаном — в 1,9 раза", "China ($3.3 billion, 17%)": the home country's trade with that one
        pm = _PARTNER_WITH.search(text, max(cs, span[0] - 80), span[0])
        c = country(pm["c"] or pm["c2"] or pm["c3"]) if pm else None
        if c and dyad:
            home = dyad[0] if dyad[0] != c else (dyad[1] if len(dyad) > 1 else None)
            if home and home != c:
                a, b = sorted((home, c))
                return "turnover", a, b
    if not cands and late_bal:
        m = late_bal[0]
        a = country(m["a"]) if m["a"] else (country(m["f"]) if m["f"] else None)
        if a is None:
            near = [country(x.group(1)) for x in COUNTRY_RE.finditer(text, cs, m.start())]
            a = next((x for x in near if x), None)
        b = country(m["b"]) if m["b"] else None
        if b is None:
            near = [country(x.group(1)) for x in COUNTRY_RE.finditer(text, cs, m.start())]
            b = next((x for x in near if x and x != a), None) or _other(dyad, a)
        cands.append((0, "balance", a, b))
    if not cands:
        return None
    _, ind, a, b = min(cands, key=lambda t: t[0])
    if ind == "turnover" and a and b:
        a, b = sorted((a, b))
    return ind, a, b

