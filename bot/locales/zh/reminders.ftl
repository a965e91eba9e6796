reminder-seller-24h =
    ⏰ 案件「{ $title }」：卖家处理售后申请的 { $seller_hours } 小时{ $left }（{ $deadline } 到期）。
    如果到期卖家仍未处理，订单页面会出现「申请客服介入」。
reminder-seller-due =
    ⏰ 案件「{ $title }」：卖家处理售后的 { $seller_hours } 小时已到（{ $deadline }）。
    如果卖家仍未处理，现在可以在订单页面点「申请客服介入」。
reminder-window-3d =
    ⏰ 案件「{ $title }」：售后申请期{ $left }，{ $ends }。
    交易成功超过 { $window_days } 天就不能再申请售后。如果和卖家还没谈妥，建议尽快在「我的订单」→ 这笔订单 → 点「申请售后」。
reminder-window-1d =
    ⏰ 案件「{ $title }」：售后申请期{ $left }，{ $ends }。
    过了这个时间就不能再申请售后。还没谈妥的话，请尽快（最好今天）在「我的订单」→ 这笔订单 → 点「申请售后」提交。
reminder-negotiation-checkin =
    ⏰ 案件「{ $title }」：和卖家协商已经 3 天了，谈得怎么样？
    指南建议用售后申请期的前 { $nego_min }–{ $nego_max } 天和卖家协商；谈不拢就申请售后，给后面的流程留出时间。
reminder-ruling-checkin =
    ⏰ 案件「{ $title }」：申请客服介入已经过了 { $ruling_max } 个工作日，裁决出来了吗？
    裁决会通过站内信和订单页面通知。出来了的话，点下面对应的裁决结果，我会帮你算申诉期限。
reminder-ruling-complex =
    ⏰ 案件「{ $title }」：申请客服介入已经 { $complex_days } 天了，还没有裁决吗？
    指南说复杂案件可能延长至 { $complex_days } 天；期间客服可能通过站内信或电话联系你补充材料，请留意。出来了的话，点下面对应的裁决结果。如果迟迟没有结果，可以在订单页面查看处理进度，或联系淘宝客服。
reminder-appeal-review-checkin =
    ⏰ 案件「{ $title }」：申诉提交后已经过了 { $review_max } 个工作日，复核结果出来了吗？
    指南说申诉复核约需 { $review_min }–{ $review_max } 个工作日，结果为最终裁决。可以在订单详情页面查看处理进度。
reminder-appeal-24h =
    ⏰ 案件「{ $title }」：申诉期限{ $left }，{ $ends }。
    申诉必须提供新的有效证据，或指出原处理中的明显错误；单纯表达不满不会被受理。申诉渠道：订单页面的「申诉」按钮，或淘宝客服热线 9510211。
reminder-appeal-6h =
    ⏰ 案件「{ $title }」：申诉期限{ $left }，{ $ends }；超期申诉通道会关闭。
    申诉渠道：订单页面的「申诉」按钮，或淘宝客服热线 9510211。
reminder-late = （这条提醒晚发了：到时间时助手没有在运行。）
reminder-passed =
    ⏰ 案件「{ $title }」：{ $deadline } 的期限已经过了，这条提醒没能在那之前发出，抱歉。请在订单页面确认现在还能做什么。
reminder-left-days = 还剩 { $days } 天{ $hours ->
        [0] { "" }
       *[other] { " " }{ $hours } 小时
    }
reminder-left-hours = 还剩约 { $hours } 小时
reminder-left-under-hour = 还剩不到 1 小时
reminder-estimated = （工作日按法定节假日规则估算：这一年的放假安排还没公布，日期可能有出入。）
reminder-btn-seller = 卖家已回复
reminder-btn-intervene = 我已申请介入
reminder-btn-agreed = 卖家同意了
reminder-btn-appealed = 已提交申诉
reminder-btn-later = 暂不处理
reminders-title = ⏰ <b>已安排的提醒</b>（北京时间）
reminders-line = · { $when }：{ $what } —「{ $title }」
reminders-none = 现在没有待发的提醒。提交售后、申请介入或收到裁决后，我会按期限自动安排。
reminders-off-note = 提醒已关闭，期限到了我不会主动通知你。
reminders-btn-off = 🔕 关闭提醒
reminders-btn-on = 🔔 打开提醒
reminders-turned-off = 已关闭提醒。需要时在 /reminders 里重新打开。
reminders-turned-on = 已打开提醒，会按你的案件重新安排。
reminder-kind-seller-24h = 卖家处理期限剩 24 小时
reminder-kind-seller-due = 卖家处理期限到
reminder-kind-window-3d = 售后申请期剩 3 天
reminder-kind-window-1d = 售后申请期剩 1 天
reminder-kind-negotiation-checkin = 协商进展
reminder-kind-ruling-checkin = 询问裁决是否已出
reminder-kind-appeal-24h = 申诉期限剩 24 小时
reminder-kind-appeal-6h = 申诉期限剩 6 小时
reminder-kind-ruling-complex = 复杂案件：询问裁决
reminder-kind-appeal-review-checkin = 询问申诉复核结果
