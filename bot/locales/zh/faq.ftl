faq-source = 来源：{ $source }
faq-did-you-mean = 没完全确定你问的是哪一个，是下面这些吗？
faq-did-you-mean-hint = 可以用其中一个问题再问一次。
faq-no-match =
    这个问题我暂时答不上来，怕说错误导你。
    可以换个说法再问一次，或者看看常见问题；要处理纠纷，也可以从主菜单开始。
faq-other-platform =
    { $platform ->
        [none] 我只熟悉淘宝的售后和客服介入规则，其他平台的规则不一样，没法给你准确答案。
       *[other] 我只熟悉淘宝的售后和客服介入规则，{ $platform }的规则不一样，没法给你准确答案，建议查看该平台的帮助中心。
    }
    如果是淘宝订单的问题，欢迎继续问我。
faq-greeting = 你好！我可以陪你处理淘宝售后纠纷：直接打字提问，比如「卖家不理我怎么办」，或者从主菜单开始。
faq-thanks = 不客气。有新情况随时告诉我，我接着帮你看。
faq-empty = 想问什么？直接打字就行，比如「卖家不理我怎么办」「申诉期限是几天」。
faq-btn-topics = ❓ 常见问题
faq-btn-menu = 🏠 主菜单
faq-topics-title = 常见问题，按主题：
faq-topic-questions = 选一个问题：
faq-misses-title = 最常被问到、却没答上或没被选中的问题（共 { $count } 条）：
faq-misses-empty = 目前没有记录到没答上的问题。
faq-misses-not-admin = 这个命令只给运营人员使用。
faq-misses-item = 「{ $query }」 · { $times } 次 · { $lang }
faq-misses-btn-add = ➕ 作为「{ $question }」的问法
faq-misses-btn-ignore = 🙈 忽略
faq-misses-added = 已把「{ $query }」加为「{ $question }」的问法，立即生效。
faq-misses-ignored = 已忽略「{ $query }」。
