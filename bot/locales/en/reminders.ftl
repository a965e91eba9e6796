reminder-seller-24h =
    ⏰ Case "{ $title }": { $left } of the seller's { $seller_hours } hours to handle your after-sales request (until { $deadline }).
    If the seller still hasn't handled it by then, the order page shows 申请客服介入 (request customer-service intervention).
reminder-seller-due =
    ⏰ Case "{ $title }": the seller's { $seller_hours } hours are up ({ $deadline }).
    If the seller still hasn't handled it, you can now tap 申请客服介入 (request customer-service intervention) on the order page.
reminder-window-3d =
    ⏰ Case "{ $title }": { $left } to apply for after-sales; the window { $ends }.
    Once { $window_days } days have passed since the transaction succeeded, you can no longer apply. If you haven't reached an agreement with the seller, apply soon: 我的订单 (My orders) → the order → 申请售后 (apply for after-sales).
reminder-window-1d =
    ⏰ Case "{ $title }": { $left } to apply for after-sales; the window { $ends }.
    After that you can no longer apply. If nothing is agreed yet, apply as soon as you can, ideally today: 我的订单 (My orders) → the order → 申请售后 (apply for after-sales).
reminder-negotiation-checkin =
    ⏰ Case "{ $title }": you've been negotiating with the seller for 3 days. How is it going?
    The guide suggests negotiating with the seller in the first { $nego_min }–{ $nego_max } days of the after-sales window; if it doesn't work, apply for after-sales and leave time for the next steps.
reminder-ruling-checkin =
    ⏰ Case "{ $title }": { $ruling_max } working days have passed since you requested intervention. Has the ruling come?
    Rulings are announced by Taobao in-app message (站内信) and on the order page. If it has come, tap the outcome below and I'll work out your appeal deadline.
reminder-ruling-complex =
    ⏰ Case "{ $title }": it's been { $complex_days } days since you requested intervention. Still no ruling?
    The guide says complex cases may take up to { $complex_days } days; customer service may contact you by Taobao in-app message (站内信) or phone for more material meanwhile. If the ruling has come, tap the outcome below. If there is still nothing, check the progress on the order page or contact Taobao customer service.
reminder-appeal-review-checkin =
    ⏰ Case "{ $title }": { $review_max } working days have passed since you submitted your appeal. Has the review result come?
    The guide says the appeal review takes about { $review_min }–{ $review_max } working days and its result is final. You can follow the progress on the order details page.
reminder-appeal-24h =
    ⏰ Case "{ $title }": { $left } to appeal; the appeal window { $ends }.
    An appeal needs new, valid evidence or a clear error in the original handling; disagreement alone is not accepted. Appeal channels: the 申诉 (appeal) button on the order page, or the Taobao hotline 9510211.
reminder-appeal-6h =
    ⏰ Case "{ $title }": { $left } to appeal; the appeal window { $ends }, then the appeal channel closes.
    Appeal channels: the 申诉 (appeal) button on the order page, or the Taobao hotline 9510211.
reminder-late = (This reminder is late: the assistant was not running when it was due.)
reminder-passed =
    ⏰ Case "{ $title }": the deadline of { $deadline } has passed; this reminder could not be sent before it, sorry. Check on the order page what can still be done.
reminder-left-days = { $days ->
        [1] 1 day
       *[other] { $days } days
    }{ $hours ->
        [0] { "" }
        [1] { " " }1 hour
       *[other] { " " }{ $hours } hours
    } left
reminder-left-hours = { $hours ->
        [1] About 1 hour left
       *[other] About { $hours } hours left
    }
reminder-left-under-hour = Less than 1 hour left
reminder-estimated = (Working days estimated from the statutory holiday rules: this year's schedule isn't published yet, so the date may be off.)
reminder-btn-seller = The seller answered
reminder-btn-intervene = I requested intervention
reminder-btn-agreed = Seller agreed
reminder-btn-appealed = Appeal submitted
reminder-btn-later = Not now
reminders-title = ⏰ <b>Scheduled reminders</b> (Beijing time)
reminders-line = · { $when }: { $what } — "{ $title }"
reminders-none = No reminders are pending. Once you apply for after-sales, request intervention or get a ruling, I schedule them from the deadlines.
reminders-off-note = Reminders are off: I won't notify you when deadlines come.
reminders-btn-off = 🔕 Turn reminders off
reminders-btn-on = 🔔 Turn reminders on
reminders-turned-off = Reminders are off. Turn them on again in /reminders.
reminders-turned-on = Reminders are on, scheduled again from your cases.
reminder-kind-seller-24h = 24 h left for the seller
reminder-kind-seller-due = seller's time is up
reminder-kind-window-3d = 3 days left to apply
reminder-kind-window-1d = 1 day left to apply
reminder-kind-negotiation-checkin = negotiation check-in
reminder-kind-ruling-checkin = has the ruling come?
reminder-kind-appeal-24h = 24 h left to appeal
reminder-kind-appeal-6h = 6 h left to appeal
reminder-kind-ruling-complex = complex case: has the ruling come?
reminder-kind-appeal-review-checkin = has the appeal review result come?
