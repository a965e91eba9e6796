cases-none = 你还没有案件。用 /apply 申请售后或用 /negotiate 和卖家协商时，我会帮你建一个案件，记下日期，期限到之前提醒你。
cases-title = 📋 <b>你的案件</b>
cases-line = · { $title }：{ $status }。{ $deadline }
case-not-found = 找不到这个案件。
case-card =
    📋 <b>{ $title }</b>
    状态：{ $status }
    订单号：{ $order }
    { $deadline }
    <b>时间线</b>（北京时间）
    { $timeline }
    <b>证据</b>：{ $evidence }
    还缺：{ $missing }
    发生了新情况？点下面的按钮记下来，我会更新提醒。
case-timeline-empty = （还没有记录）
case-evidence-none = 还没有
case-no-deadline = 目前没有快到期的期限。
case-next-deadline = 下一个期限：{ $what }，{ $when }
case-recorded = 已记下。案件状态：{ $status }
case-ask-ruling = 裁决结果是什么？
case-ask-seller = 卖家怎么回复的？
case-later = 好的，先不处理。之后可以在 /cases 里随时更新。
case-btn-agreed = 卖家同意了
case-btn-refused = 卖家拒绝了
case-btn-silent = 卖家没回复
case-btn-intervene = 我已申请介入
case-btn-ruling = 收到裁决
case-btn-appealed = 已提交申诉
case-btn-evidence = 📎 补充证据
case-expect-ruling = 裁决一般在 { $earliest }–{ $latest } 之间出来（{ $ruling_min }–{ $ruling_max } 个工作日；复杂案件可能延长至 { $complex_days } 天）。
case-expect-appeal = 申诉结果一般在 { $earliest }–{ $latest } 之间出来（{ $review_min }–{ $review_max } 个工作日），为最终裁决。
case-expect-estimated = （工作日为估算：这一年的放假安排还没公布，日期可能有出入）
case-event-with-outcome = { $event }（{ $outcome }）
list-separator = 、
case-effect-refused = 有一步没有记到案件上：{ $reason ->
    [within_appeal_window] 申诉的时间已经超过收到裁决后 { $appeal_days } 天的申诉期。
    [seller_72h_passed] 卖家 { $seller_hours } 小时的处理时间还没到。
    [future] 这个时间还没到。
   *[other] 案件现在的状态不能这样改。
} 其他内容已保存，可以用 /cases 查看和修改。
case-effect-unresolved = 这一步要记到的案件已经不在了（可能已删除），所以没有记下。可以用 /cases 查看现有案件。
