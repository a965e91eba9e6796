## 日期：说回给用户听、拒绝的理由、拿不准时的提问（flows/engine.py）

flow-date-said = 好的，按 { $when }算。
flow-date-future =
    { $when }还没到。这里问的是已经发生的事，请输入过去的时间，{ $with_time ->
        [yes] 例如 <code>昨天 20:30</code>。
       *[no] 例如 <code>昨天</code> 或 <code>11月20日</code>。
    }
flow-date-too-early =
    这个日期早于 2000 年，应该是输错了。请输入这笔订单相关的实际日期，{ $with_time ->
        [yes] 例如 <code>11月24日 20:30</code>。
       *[no] 例如 <code>11月20日</code>。
    }
flow-date-no-such-day = 日历上没有这一天（比如 2月没有 30日、11月没有 31日）。请检查月份和日期再输入一次。
flow-date-bad-time = 这个钟点不对：小时是 0–23，分钟是 0–59。请这样写：<code>20:30</code> 或 <code>晚上8点半</code>。
flow-date-confirm =
    是 { $when }吗？那是 { $days } 天以前。
    没写年份时我按最近一次已经过去的这一天算；如果年份不对，请点「重新输入」并写上年份。
flow-date-which = 「{ $text }」可以读成两个日期，是哪一天？
flow-date-option = { $year ->
        [yes] { $y }年
       *[no] { "" }
    }{ $m }月{ $d }日（{ $wd ->
        [mon] 周一
        [tue] 周二
        [wed] 周三
        [thu] 周四
        [fri] 周五
        [sat] 周六
       *[sun] 周日
    }）{ $has_time ->
        [yes] { $hm }
       *[no] { "" }
    }
flow-date-btn-yes = 是的
flow-date-btn-again = 重新输入

## 期限怎么写（flows/replies.py deadline_ref）：有钟点就写到钟点；从没有钟点的日期算出来的，只说哪一天截止

deadline-at = { $when } 截止
deadline-day = { $day }当天截止（具体时间以淘宝页面为准，建议前一天完成）
deadline-day-seller = { $day }当天到期（具体时间以淘宝页面为准）

## 协商（/negotiate）：交易成功的日期和售后申请期（flows/defs/negotiate.py）

flow-negotiate-ask-success =
    交易是哪天成功（确认收货）的？售后要在交易成功后 { $window_days } 天内申请；告诉我日期，我会在期限前提醒你。
    可以回复：<code>11月20日</code>、<code>昨天</code>、<code>3天前</code>。还没确认收货就点下面的按钮；不想填可以跳过。
flow-negotiate-window =
    { $state ->
        [passed] 按这个日期，售后申请期（交易成功后 { $window_days } 天内）已经过了：确认收货超过 { $window_days } 天的订单无法再申请售后，只能继续和卖家协商。不会再有期限提醒。
       *[open] 售后申请期（交易成功后 { $window_days } 天内）：{ $window_end }。截止前 3 天和前 1 天我会提醒你。
    }
flow-negotiate-window-unknown =
    { $reason ->
        [not_confirmed] 还没确认收货：售后申请期（交易成功后 { $window_days } 天）从确认收货时算起。确认收货后发 /apply 告诉我日期，我就能提醒你期限。
       *[skipped] 没有交易成功的日期，我算不出售后申请期，所以不会提醒这个期限。记得：交易成功后 { $window_days } 天内都可以申请售后；发 /apply 可以补上日期。
    }

## 时间顺序（flows/sequence.py）：两件事的日期前后颠倒时，说出两个日期，让用户选一个重新输入

sequence-fact-transaction-succeeded = 交易成功（确认收货）
sequence-fact-after-sales-requested = 提交售后申请
sequence-fact-intervention-requested = 申请客服介入
sequence-fact-ruling = 收到裁决
sequence-fact-appeal-submitted = 提交申诉
sequence-fact-appeal-decided = 收到申诉结果
sequence-fact-seller-answered = 卖家答复
sequence-ask-fix = 「{ $what }」是什么时候？请输入日期，知道时间的话也写上（北京时间），例如 11月24日 20:30、昨天、3天前。
sequence-conflict =
    时间顺序对不上：「{ $later }」是 { $later_at }，比「{ $earlier }」的 { $earlier_at }还早。
    「{ $later }」应该在「{ $earlier }」之后，所以这次没有保存。是哪个日期记错了？点它重新输入。
sequence-btn-fix = 改「{ $what }」的日期
