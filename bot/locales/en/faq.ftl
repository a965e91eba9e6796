faq-source = Source: { $source }
faq-did-you-mean = I'm not sure which one you mean. Is it one of these?
faq-did-you-mean-hint = Ask again with one of these questions.
faq-no-match =
    I can't answer that one reliably, and I'd rather not guess.
    Try asking in other words, or look through the common questions; to work on a dispute, start from the main menu.
faq-other-platform =
    { $platform ->
        [none] I only know Taobao's after-sales and intervention rules; other platforms have different rules, so I can't answer reliably.
       *[other] I only know Taobao's after-sales and intervention rules; { $platform } has different rules, so I can't answer reliably. Its own help centre is the place to check.
    }
    If your question is about a Taobao order, go ahead and ask.
faq-greeting = Hello! I help with Taobao after-sales disputes: just type your question, e.g. "the seller ignores me", or start from the main menu.
faq-thanks = You're welcome. Tell me whenever something new happens and we'll take it from there.
faq-empty = What would you like to ask? Just type it, e.g. "the seller ignores me" or "how long do I have to appeal?".
faq-btn-topics = ❓ Common questions
faq-btn-menu = 🏠 Main menu
faq-topics-title = Common questions, by topic:
faq-topic-questions = Pick a question:
faq-misses-title = The most frequent questions the FAQ did not answer or whose suggestions were not picked ({ $count }):
faq-misses-empty = No unanswered questions recorded yet.
faq-misses-not-admin = This command is for operators only.
faq-misses-item = "{ $query }" · { $times }× · { $lang }
faq-misses-btn-add = ➕ Add as a paraphrase of "{ $question }"
faq-misses-btn-ignore = 🙈 Ignore
faq-misses-added = Added "{ $query }" as a paraphrase of "{ $question }"; it works from now on.
faq-misses-ignored = Ignored "{ $query }".
