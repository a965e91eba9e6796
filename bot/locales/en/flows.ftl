## All text of the guided flows (flows/). Numbers (15 days, 72 hours …) are passed in as params from flows/rules.py.
## User-provided text (order numbers, descriptions, file names, case titles) arrives as params, escaped by the bot.
## Taobao's own button names stay in Chinese with a translation: that is what the user sees in the app.

## Common buttons

flow-btn-back = ⬅️ Back
flow-btn-skip = Skip
flow-btn-cancel = ✖️ Cancel
flow-btn-done = ✅ Done
flow-btn-finish = Finish
flow-btn-evidence = 📎 Prepare evidence
flow-btn-start-apply = 📝 Apply for after-sales
flow-btn-start-negotiate = 🤝 Talk to the seller first
flow-case-option = 📁 { $title }

## Flow names

flow-negotiate-title = Negotiate with the seller
flow-apply-title = After-sales / intervention
flow-evidence-title = Evidence
flow-appeal-title = Appeal

## Engine replies

flow-cancelled = OK, cancelled. Anything already saved stays saved. Send /start for the menu.
flow-closed = OK, we're done here. Everything saved is still there — see /cases.
flow-cannot-go-back = You can't go back from here.
flow-cannot-skip = This step can't be skipped.
flow-use-buttons = Please pick one of the buttons below.
flow-files-not-expected = No files needed at this step — please answer the question below first. You can upload evidence later with /evidence.
flow-done-not-here = This step isn't finished yet — please answer the question below first.
flow-stale-button = That button belongs to an earlier step. Please use the buttons of the latest message below.
flow-text-empty = That was empty — please type it again.
flow-text-too-long = That's too long — please keep it under { $max } characters.
flow-date-invalid =
    I couldn't read that date. { $with_time ->
        [yes] Please write it like <code>11月24日 20:30</code>, <code>yesterday 20:30</code> or <code>2026-11-24 20:30</code> (Beijing time).
       *[no] Please write it like <code>Nov 20</code>, <code>11月20日</code>, <code>yesterday</code>, <code>3 days ago</code> or <code>2026-11-20</code>.
    }

## Shared questions and checks

flow-ask-order-no =
    What's the order number? You can copy it from the order details in Taobao's 我的订单 (My orders).
    If you'd rather not say, tap Skip.
flow-order-no-invalid =
    That doesn't look like an order number: I check for { $min }–{ $max } digits (my own check, not a Taobao rule){ $digits_only ->
        [yes] ; yours has { $length }
       *[no] ; yours contains characters other than digits
    }. Please send it again, or tap Skip.
flow-detail-too-long = That's a bit long — please keep it under { $max } characters; one or two sentences is enough.

## Labels: problems, service types, demands

label-problem-not-received = Not received
label-problem-quality = Quality problem
label-problem-not-as-described = Not as described
label-problem-counterfeit = Suspected fake
label-problem-wrong-item = Wrong/missing item
label-problem-other = Something else
label-service-refund-only = 仅退款 (refund only)
label-service-return-refund = 退货退款 (return and refund)
label-service-exchange = 换货 (exchange)
label-demand-refund-only = Refund only
label-demand-return-refund = Return and refund
label-demand-exchange = Exchange
label-demand-resend = Resend the item
label-demand-partial-refund = Partial refund

## Cases: statuses, events, ruling outcomes, deadlines

case-status-negotiating = Negotiating
case-status-after-sales-requested = After-sales requested, waiting for the seller
case-status-seller-agreed = Seller agreed
case-status-seller-refused = Seller refused
case-status-seller-no-answer = Seller didn't answer in time
case-status-intervention-requested = Intervention requested
case-status-ruling-received = Ruling received
case-status-appeal-submitted = Appeal submitted
case-status-closed = Closed
case-event-negotiation-started = Started negotiating with the seller
case-event-transaction-succeeded = Transaction succeeded (receipt confirmed)
case-event-after-sales-requested = After-sales request submitted
case-event-seller-answered = Seller answered the request
case-event-seller-agreed = Seller agreed to the request
case-event-seller-refused = Seller refused the request
case-event-seller-no-answer = Seller didn't answer in time
case-event-intervention-requested = Intervention requested
case-event-ruling-received = Ruling received
case-event-appeal-submitted = Appeal submitted
case-event-evidence-added = Evidence added
case-event-closed = Case closed
ruling-outcome-full-refund = Full refund
ruling-outcome-partial-refund = Partial refund
ruling-outcome-return-refund = Return and refund
ruling-outcome-exchange = Exchange
ruling-outcome-rejected = My request was not granted
case-deadline-after-sales-window-end = After-sales window
case-deadline-seller-response-due = The seller's time to answer
case-deadline-appeal-due = Appeal window

## Evidence categories and checklist

evidence-cat-chat = Chat records
evidence-cat-product = Product photos/reports
evidence-cat-logistics = Logistics
evidence-cat-transaction = Order/payment proof
evidence-cat-promise = Promises
evidence-line-chat =
    { $done ->
        [yes] ✅
       *[no] ⬜
    } { NUMBER($n, useGrouping: 0) }. <b>Chat records</b>: screenshots of your whole conversation with the seller, with dates, in time order — especially any promises about quality or shipping time.
evidence-line-product =
    { $done ->
        [yes] ✅
       *[no] ⬜
    } { NUMBER($n, useGrouping: 0) }. <b>Proof of the product problem</b>: { $problem ->
        [counterfeit] overall and close-up photos (labels, anti-counterfeit codes, workmanship); strongest is a brand authentication or a third-party test report.
        [not_as_described] photos of what you got, taken against the listing's description and pictures, with close-ups of the differences.
        [wrong_item] photos of what arrived (with the packaging and the shipping label), showing what differs from the order or is missing.
       *[other] clear overall photos plus close-ups of the problem; a third-party test report if you can get one.
    }
evidence-line-logistics =
    { $done ->
        [yes] ✅
       *[no] ⬜
    } { NUMBER($n, useGrouping: 0) }. <b>Logistics</b>: screenshots of the full tracking history, especially abnormal entries (no updates for a long time, odd delivery confirmation){ $problem ->
        [not_received] { " " }— for a parcel that never came, this is the most important evidence.
       *[other] .
    }
evidence-line-transaction =
    { $done ->
        [yes] ✅
       *[no] ⬜
    } { NUMBER($n, useGrouping: 0) }. <b>Transaction proof</b>: order details, payment proof, invoice — showing the purchase is real and the amount right.
evidence-line-promise =
    { $done ->
        [yes] ✅
       *[no] ⬜
    } { NUMBER($n, useGrouping: 0) }. <b>Promises and times</b>: { $problem ->
        [not_as_described] screenshots of the listing's description (material, size, features) and of the seller's promises.
        [counterfeit] screenshots of "genuine product" claims on the listing and of the seller's assurances in chat.
       *[other] screenshots of what the seller promised: after-sales terms, shipping time, promotions.
    }

## Negotiate (/negotiate)

flow-negotiate-ask-problem = OK, let's first try talking to the seller. What went wrong?
flow-negotiate-ask-demand = What would you like the seller to do?
flow-negotiate-ask-detail =
    Describe the problem in one sentence and I'll put it in the message to the seller — in Chinese if you can (e.g. <i>屏幕右下角有一道划痕</i>, "a scratch in the bottom-right corner of the screen").
    Tap Skip to leave it out.
flow-negotiate-ask-reply-by = How soon should the seller reply?
flow-negotiate-btn-24h = Within 24 hours
flow-negotiate-btn-48h = Within 48 hours
flow-negotiate-advice =
    <b>How to negotiate</b>
    ① <b>Where</b>: on the Taobao order page tap 联系卖家 (contact seller), or use 旺旺 (Wangwang) chat. Say the problem and what you want in one go.
    ② <b>Save evidence now</b>: { $evidence }. { $problem ->
        [not_received] For a parcel that never came, the tracking history matters most — screenshot it first.
        [quality] For a quality problem, take an overall photo and close-ups of the defect first.
        [not_as_described] Screenshot the listing's description and photograph the item against it.
        [counterfeit] If it looks fake, consider a brand authentication or a third-party test.
        [wrong_item] Photograph what arrived, the packaging and the shipping label.
       *[other] Keep the dates on your screenshots and sort them in time order.
    }
    ③ <b>A reasonable demand</b>: you want "{ $demand_label }". { $demand_note ->
        [nothing_to_return] With nothing received there is nothing to return or exchange; "refund only" or "send it again" is the usual demand.
        [counterfeit_replace] With a suspected fake, an exchange or resend may come from the same source; a return and refund may serve you better.
        [partial] A partial refund suits a minor problem when you're happy to keep the item — say how much you'd like back.
       *[ok] That fits the problem; ask for it plainly.
    }
    ④ <b>Tone</b>: stick to facts and your demand, calm and specific, no emotional language. The chat may become evidence later.
    ⑤ <b>Timing</b>: after-sales can be requested within { $window_days } days after the transaction succeeds. Use the first { $nego_min }–{ $nego_max } days to negotiate so there's time left for the next steps; if you can't agree, send /apply.
    <i>Source: Taobao's guide to requesting customer-service intervention</i>
flow-negotiate-message =
    <b>Messages you can send the seller</b> (in Chinese — tap to copy):

    🙂 <b>Polite</b>
    <code>您好，{ $has_order ->
        [yes] 我是订单 { $order_no } 的买家
       *[no] 我是这笔订单的买家
    }。{ $seller_problem }{ $has_detail ->
        [yes] ：{ $detail }
       *[no] {""}
    }。想和您商量一下，希望您能{ $seller_demand }。麻烦您在 { $reply_by_cn } 前回复我，谢谢！</code>
    <i>Says what went wrong, asks for your demand and a reply by the deadline.</i>

    📌 <b>Firm</b>
    <code>您好，{ $has_order ->
        [yes] 订单 { $order_no }：
       *[no] {""}
    }{ $seller_problem }{ $has_detail ->
        [yes] （{ $detail }）
       *[no] {""}
    }，相关的{ $seller_kept }我都已保存。我的诉求是请您{ $seller_demand }，请在 { $reply_by_cn } 前给出处理方案。如果到时没有答复，我会在订单页面申请售后，必要时申请淘宝客服介入。</code>
    <i>Adds that you've kept the evidence, and that without an answer you'll apply for after-sales and, if needed, customer-service intervention.</i>

    Reply by: { $reply_by } (Beijing time).
    Shall I keep this as a case? Applying and evidence will build on it, and { $reminds ->
        [window] I'll remind you before the after-sales window ends.
       *[checkin] in a few days I'll ask how it's going with the seller.
    }
flow-negotiate-btn-open-case = 📁 Keep as a case
flow-negotiate-case-opened =
    Saved { $new ->
        [yes] as a new case
       *[no] to your case
    } — status: negotiating.
    { $window }
    { $checkin ->
        [yes] In about { $nego_min } days I'll ask how it's going.{ " " }
       *[no] {""}
    }If the seller refuses or doesn't reply, send /apply.
flow-negotiate-finished = OK. Send the message to the seller and wait for their reply. If you can't agree, send /apply any time — after-sales can be requested within { $window_days } days after the transaction succeeds.

## Chinese phrases inside the message to the seller (Chinese in both catalogues: the seller reads them)

seller-problem-not-received = 我到现在还没有收到货
seller-problem-quality = 收到的商品有质量问题
seller-problem-not-as-described = 收到的商品和页面描述不符
seller-problem-counterfeit = 收到的商品怀疑不是正品
seller-problem-wrong-item = 收到的商品发错了或少发了
seller-problem-other = 这笔订单出现了问题
seller-demand-refund-only = 办理退款
seller-demand-return-refund = 同意退货退款
seller-demand-exchange = 给我换货
seller-demand-resend = 尽快补发
seller-demand-partial-refund = 退还部分货款
seller-kept-photos = 照片和聊天记录
seller-kept-logistics = 物流记录和聊天记录

## Apply (/apply)

flow-apply-ask-problem = OK, one step at a time. What went wrong?
flow-apply-ask-service =
    How would you like it solved? This is the service type you pick under 申请售后 (apply for after-sales) in Taobao:
    · <b>仅退款</b> (refund only): no return, just the refund (e.g. nothing arrived)
    · <b>退货退款</b> (return and refund): send the item back, the seller refunds
    · <b>换货</b> (exchange): send it back for another one
    (The guide names these three service types but does not define them; this is a general explanation.)
flow-apply-ask-success =
    On which day did the transaction succeed (you confirmed receipt)? After-sales must be requested within { $window_days } days of that; I'll work out the date.
    You can reply <code>Nov 20</code>, <code>11月20日</code>, <code>yesterday</code>, <code>3 days ago</code>. Not confirmed yet? Tap the button below.
flow-apply-btn-not-confirmed = Not confirmed yet
flow-apply-ask-requested = Have you already submitted an after-sales request on Taobao?
flow-apply-btn-requested = Yes, submitted
flow-apply-btn-not-requested = Not yet
flow-apply-ask-requested-at = When did you submit it? (Beijing time, e.g. <code>Nov 24 20:30</code> or <code>yesterday 20:30</code>)
flow-apply-ask-seller = Has the seller answered? (The seller has { $seller_hours } hours to handle an after-sales request.)
flow-apply-btn-seller-agreed = Agreed
flow-apply-btn-seller-refused = Refused
flow-apply-btn-seller-no-answer = No answer yet
flow-apply-summary =
    📋 <b>Where you stand</b>
    { $facts }

    { $next }

    { $saved ->
        [yes] I've saved this as a case — see /cases.
       *[no] I've updated your case — see /cases.
    }
    <i>Source: Taobao's guide to requesting customer-service intervention · This assistant is not affiliated with Taobao</i>
flow-apply-fact-case = · Problem: { $problem } · Service type: { $service }
flow-apply-fact-order = · Order number: { $order_no }
flow-apply-fact-success =
    · Transaction succeeded: { $success }; after-sales window ({ $window_days } days after the transaction succeeded) { $window_end }{ $passed ->
        [yes] { " " }— <b>expired</b>
       *[no] {""}
    }
flow-apply-fact-not-confirmed = · Receipt not confirmed yet: the after-sales window ({ $window_days } days) counts from when the transaction succeeds
flow-apply-fact-requested = · After-sales request: submitted { $requested }
flow-apply-fact-seller-due =
    · The seller's time to handle it ({ $seller_hours } hours) { $due }{ $overdue ->
        [yes] { " " }— <b>time is up</b>
       *[no] {""}
    }
flow-apply-fact-seller =
    · Seller: { $answer ->
        [agreed] agreed
        [refused] refused
       *[no_answer] no answer yet
    }
flow-apply-now-how-to-apply =
    <b>Next: submit an after-sales request on Taobao</b>
    ① Open Taobao → 我的订单 (My orders), find this order, tap 申请售后 (apply for after-sales)
    ② Choose the service type { $service } and describe the reason in detail
    ③ 上传凭证 (upload evidence): photos of the problem, chat screenshots, test reports (/evidence helps you sort them)
    ④ Check everything and submit
    { $has_window ->
        [yes] The after-sales window <b>{ $window_end }</b>. Submit as early as you can.
       *[no] You can apply within { $window_days } days after the transaction succeeds.
    } Once submitted, the seller has { $seller_hours } hours; if they refuse or let the time run out, the page shows 申请客服介入 (request customer-service intervention).
    If you haven't talked to the seller yet, it's best to negotiate first, in the first { $nego_min }–{ $nego_max } days of the window (/negotiate has a message ready to send).
flow-apply-now-window-passed =
    <b>The after-sales window has passed.</b> Under Taobao's rules, after-sales must be requested within { $window_days } days after the transaction succeeds; for orders whose receipt was confirmed more than { $window_days } days ago, you can no longer apply.
    What you can still do:
    · Contact the seller directly and see whether they are willing to help; /negotiate writes a polite, clear message for you
    · Outside the platform (these are not Taobao's rules and not in the guide): look at China's national 12315 consumer platform and the Consumer Rights Protection Law (《消费者权益保护法》); whether and how a complaint is handled is up to the authorities
flow-apply-now-seller-agreed =
    <b>The seller agreed.</b> Follow the steps shown on the order page; if you need to return the item, ship it to the address given there and keep the tracking number and screenshots.
    Keep the chat and photos until the refund arrives or the exchange is received. If the seller agrees but then does nothing, send /apply to update the case.
flow-apply-now-intervene =
    <b>You can now request customer-service intervention</b> ({ $reason ->
        [refused] the seller refused your request
       *[overdue] the seller did not handle it within { $seller_hours } hours
    }).
    Open Taobao → 我的订单 (My orders) → this order's after-sales page, and tap 申请客服介入 (request customer-service intervention).
    What usually happens next:
    ① Initial review: customer service checks that the case qualifies and that both sides negotiated without agreeing — usually within { $initial_days } { $initial_days ->
        [one] working day
       *[other] working days
    }
    ② Evidence review: both sides' evidence is examined, the listing compared with the actual item, and responsibility assessed
    ③ Further inquiry: if needed, customer service contacts you by Taobao in-app message (站内信) or phone for more material
    ④ Ruling: e.g. a refund, a return, a partial refund
    ⑤ Execution: announced by Taobao in-app message (站内信) and on the order page, and carried out automatically (e.g. a forced refund)
    The whole process usually takes { $ruling_min }–{ $ruling_max } working days; complex cases may take up to { $complex_days } days. Keep your phone reachable and watch your Taobao in-app messages (站内信).
    An order normally gets only one intervention, so get your evidence ready first (/evidence). Intervention is free of charge; beware of scams asking you to pay to "speed it up" or "guarantee a win".
flow-apply-now-wait-seller =
    <b>Wait for the seller.</b> The seller has { $seller_hours } hours to handle it{ $has_due ->
        [yes] ; it <b>{ $due }</b>
       *[no] {""}
    }. If they refuse or haven't handled it by then, the order page shows 申请客服介入 (request customer-service intervention); I'll remind you.
    Meanwhile you can prepare your evidence (/evidence).
flow-apply-btn-intervened = I've requested intervention
flow-apply-intervened =
    Noted: you've requested intervention. Customer service usually rules within { $ruling_min }–{ $ruling_max } working days; complex cases may take up to { $complex_days } days. They may contact you by Taobao in-app message (站内信) or phone for more material.
    If you disagree with the ruling, you have { $appeal_days } days from receiving it to appeal (/appeal).
flow-apply-finished = OK. The case is saved — see /cases; send /evidence when you want to sort your evidence.
flow-apply-evidence-next = OK, on to the evidence.

## Evidence (/evidence)

flow-evidence-ask-case = { $count ->
    [1] Is the evidence for this order? Tap it to carry on, or "A new order" for another one.
   *[other] Which order is the evidence for? Pick one to carry on, or "A new order".
}
flow-evidence-ask-problem = A new order: what went wrong? I will list the evidence to prepare for it.
flow-evidence-checklist =
    For <b>{ $problem_label }</b>, prepare these { NUMBER($total, useGrouping: 0) ->
        [one] { NUMBER($total, useGrouping: 0) } kind
       *[other] { NUMBER($total, useGrouping: 0) } kinds
    } of evidence ({ NUMBER($covered, useGrouping: 0) }/{ NUMBER($total, useGrouping: 0) } so far):
    { $lines }

    Send me photos or PDFs — several at once is fine. Put words like "chat", "logistics" or "order" in the caption and I'll file them automatically.
    I accept { $formats } (Taobao's evidence upload takes these formats too), up to { NUMBER($max_mb, useGrouping: 0) } MB per file (a Telegram limit). Keep images sharp and directly related to your request; unrelated or duplicate material slows the review, so leave it out.
    Tap Done when you've finished.
flow-evidence-progress =
    { $has_last ->
        [yes] ✅ { $last_category } +{ NUMBER($last_count, useGrouping: 0) } ·{ " " }
       *[no] {""}
    }{ NUMBER($covered, useGrouping: 0) } of { NUMBER($total, useGrouping: 0) ->
        [one] { NUMBER($total, useGrouping: 0) } category
       *[other] { NUMBER($total, useGrouping: 0) } categories
    } covered{ $missing_count ->
        [0] { " " }— all there 👍
       *[other] { " " }— missing: { $missing }
    }. Send more, or tap Done.
flow-evidence-ask-category =
    { $files ->
        [0] { NUMBER($photos, useGrouping: 0) ->
            [one] Got { NUMBER($photos, useGrouping: 0) } photo. Which category does it belong to?
           *[other] Got { NUMBER($photos, useGrouping: 0) } photos. Which category do they belong to? (This batch goes into one category.)
        }
       *[other] { NUMBER($count, useGrouping: 0) ->
            [one] Got { NUMBER($count, useGrouping: 0) } file. Which category does it belong to?
           *[other] Got { NUMBER($count, useGrouping: 0) } files. Which category do they belong to? (This batch goes into one category.)
        }
    }
flow-evidence-summary =
    <b>Evidence summary</b>
    Added this time: { NUMBER($added, useGrouping: 0) }. { NUMBER($covered, useGrouping: 0) } of the { NUMBER($total, useGrouping: 0) ->
        [one] { NUMBER($total, useGrouping: 0) } category
       *[other] { NUMBER($total, useGrouping: 0) } categories
    } for { $problem_label } are covered{ $missing_count ->
        [0] .
       *[other] ; missing: { $missing }.
    }
    { $lines }

    When you apply for after-sales or intervention on Taobao, upload these when the page asks for 上传凭证 (upload evidence), with chat screenshots in time order. Send /evidence any time to add more.
    <i>Source: Taobao's guide to requesting customer-service intervention</i>
flow-evidence-file-notes =
    { $lines }
    Received { NUMBER($received, useGrouping: 0) }, accepted { NUMBER($accepted, useGrouping: 0) }.
flow-evidence-file-too-big = ⚠️ { $name } is over { NUMBER($max_mb, useGrouping: 0) } MB, so I can't download it. Please compress it, or send screenshots or a smaller PDF.
flow-evidence-file-bad-format = ⚠️ { $name }: this format isn't supported. Please send { $formats } (take a screenshot of the document or export it to PDF).
flow-evidence-file-duplicate = ℹ️ { $name } was already received — not stored again.
flow-evidence-file-small = ⚠️ { $name } is low resolution ({ $width }×{ $height }). Accepted, but it may be hard to read; if you have the original, send it again as a file (at least { NUMBER($min, useGrouping: 0) } px on the short side).
flow-evidence-file-name = "{ $name }"
flow-evidence-file-photo = Photo { NUMBER($n, useGrouping: 0) }
evidence-file-this-photo = This photo
evidence-file-failed = ⚠️ { $name } could not be downloaded — please send it again.
evidence-file-corrupt = ⚠️ { $single ->
        [yes] This picture seems incomplete — please send it again.
       *[no] { $name } seems incomplete (the picture does not open) — please send it again.
    }
evidence-file-small = ⚠️ { $name } is only { $width }×{ $height } pixels, so small text in it may not be legible. Kept; if it really can't be read, send the original as a file (Telegram does not compress files).
evidence-file-duplicate-in = ℹ️ { $name } was already received (under "{ $category }") — not stored twice.
evidence-file-not-what-name-says = ⚠️ { $name } is named like { $claimed ->
        [pdf] a PDF
       *[image] a picture
    }, but its content is not { $claimed ->
        [pdf] a PDF
       *[image] a picture
    }, so I can't keep it as evidence. Please send a real { $formats } file (take a screenshot of a document or export it to PDF).

## Appeal (/appeal)

flow-appeal-ask-case = { $count ->
    [1] Is the ruling about this order? Tap it to carry on, or "A new order" for another one.
   *[other] Which order is the ruling about? Pick one to carry on, or "A new order".
}
flow-appeal-ask-outcome = What did the customer-service intervention decide?
flow-appeal-ask-ruling-at =
    When did you receive the ruling? (See the Taobao in-app message (站内信) or the order page; Beijing time, e.g. <code>Nov 24 20:30</code> or <code>yesterday 20:30</code>.)
    An appeal must be made within { $appeal_days } days of receiving the ruling; I'll work out the deadline.
flow-appeal-closed =
    Ruling received: { $ruling }. An appeal must be made within { $appeal_days } days of receiving the ruling (the window { $deadline }); after that the appeal channel closes, so <b>you can no longer appeal</b>.
    What you can still do:
    · Most rulings are carried out automatically (e.g. a forced refund). If a ruling needs the seller to act (e.g. accept a return) and they don't, contact Taobao customer service again; the platform will take action
    · An order normally gets only one intervention, so you usually can't request it again
    · Outside the platform (these are not Taobao's rules and not in the guide): look at China's national 12315 consumer platform and the Consumer Rights Protection Law (《消费者权益保护法》); whether a complaint is accepted is up to the authorities
    I've recorded the ruling on the case.
    <i>Source: Taobao's guide to requesting customer-service intervention</i>
flow-appeal-ask-basis =
    There's still time. An appeal must be made within { $appeal_days } days of receiving the ruling{ $exact ->
        [yes] {""}
       *[no] ; the time on the ruling notice counts
    }.
    From the time you gave, the appeal window <b>{ $deadline }</b>
    An appeal needs <b>new, valid evidence</b> or a <b>clear error</b> in the original handling; disagreement alone is not accepted. Which do you have?
flow-appeal-btn-new-evidence = New evidence
flow-appeal-btn-clear-error = A clear error in the ruling
flow-appeal-btn-neither = Neither, I just disagree
flow-appeal-advice =
    { $basis ->
        [new_evidence] <b>How to appeal</b> · the window <b>{ $deadline }</b>
            ① Tap 申诉 (appeal) on the order page, or call Taobao's customer-service hotline { $hotline }
            ② Submit the new evidence, and explain that it wasn't submitted before and how it supports your request
            ③ A senior team reviews the case in about { $review_min }–{ $review_max } working days; the result is final
            You can add the new evidence to your case first — I'll help you sort it.
        [clear_error] <b>How to appeal</b> · the window <b>{ $deadline }</b>
            ① Tap 申诉 (appeal) on the order page, or call Taobao's customer-service hotline { $hotline }
            ② Point out exactly what the original handling got wrong (e.g. a piece of evidence was overlooked, a fact was wrong), with screenshots that show it
            ③ A senior team reviews the case in about { $review_min }–{ $review_max } working days; the result is final
       *[neither] <b>To be honest:</b> disagreeing with the ruling without new evidence won't be accepted — an appeal needs new, valid evidence or a clear error in the original handling.
            The appeal window { $deadline }. If you find new evidence before then — a test report, chat records you didn't submit — you can still appeal: 申诉 (appeal) on the order page, or the hotline { $hotline }.
            Most rulings are carried out automatically; if a ruling needs the seller to act and they don't, contact Taobao customer service again.
    }
    <i>Source: Taobao's guide to requesting customer-service intervention</i>
flow-appeal-draft =
    📝 <b>Draft appeal statement</b> (in Chinese, for Taobao — copy it, adjust it to your case, then submit):
    <code>{ $statement }</code>
    { $has_evidence ->
        [yes] {""}
       *[no] Your case has no sorted evidence yet, so the draft leaves the material blank: add it with /evidence, then send /appeal again for a new draft.{" "}
    }Note: an appeal is judged on facts and evidence only; disagreeing alone is not accepted. Write only facts your evidence proves, and replace the part in 【】 with what happened in your case.
# The statement is for Taobao: always rendered in Chinese (flows/defs/appeal.py pins it), so the same text here.
flow-appeal-statement = { $has_case ->
        [yes] 关于「{ $case }」：
       *[no] {""}
    }客服介入的裁决是「{ $outcome }」（{ $ruling }收到）。{ $basis ->
        [new_evidence] 现在补充原处理时没有提交过的新证据：{ $evidence }。这些材料说明：【用一句话写明新证据证明了什么，例如：商品在签收前已损坏】。请求复核原裁决。
       *[other] 原处理有明显错误：【具体写明错在哪里，例如：裁决认定已签收，但物流记录显示包裹已退回】。可以证明这一点的材料：{ $evidence }。请求复核原裁决。
    }
flow-appeal-statement-no-evidence = 【列出你的证据】
flow-appeal-btn-add-evidence = 📎 Add new evidence
flow-appeal-btn-submitted = I've submitted the appeal
flow-appeal-submitted = Noted: appeal submitted. A senior team reviews it in about { $review_min }–{ $review_max } working days, and the result is final. Meanwhile, watch your Taobao in-app message (站内信) and keep your phone reachable.
flow-appeal-finished =
    OK, I've recorded the ruling on the case.{ $basis ->
        [neither] {""}
       *[other] { " " }Remember to appeal in time: the window { $deadline }. I'll remind you before then.
    }
flow-appeal-evidence-next = OK, let's add the new evidence. Remember to appeal in time: the window { $deadline }.

## Case lifecycle (flows/lifecycle.py): new statuses, new events, the next step per status

case-status-appeal-decided = Appeal result received
case-event-appeal-decided = Appeal result received
case-event-reopened = Case reopened
case-next-negotiating = Next: if negotiating fails, you can apply for after-sales within { $window_days } days after the transaction succeeded: 我的订单 (My orders) → this order → 申请售后 (apply for after-sales).
case-next-after-sales-requested = Next: the seller has { $seller_hours } hours to handle it; their time { $deadline }. If the seller refuses or lets the time run out, the order page shows 申请客服介入 (request customer-service intervention).
case-next-seller-overdue = Next: the seller's { $seller_hours } hours ran out at { $deadline }. Open Taobao → 我的订单 (My orders) → this order's after-sales page; you should now see 申请客服介入 (request customer-service intervention).
case-next-seller-agreed = Next: the seller agreed; follow the steps shown on the order's after-sales page. Close the case once it is done.
case-next-seller-refused = Next: the seller refused, so you can request intervention: Taobao → 我的订单 (My orders) → this order's after-sales page, tap 申请客服介入 (request customer-service intervention). Get your evidence ready first.
case-next-seller-no-answer = Next: the seller didn't handle it in time, so you can request intervention: Taobao → 我的订单 (My orders) → this order's after-sales page, tap 申请客服介入 (request customer-service intervention). Get your evidence ready first.
case-next-intervention-requested = Next: wait for the ruling, usually { $ruling_min }–{ $ruling_max } working days (complex cases up to { $complex_days } days). Customer service may contact you by site message or phone, so stay reachable. When the ruling comes, tap "Ruling received".
case-next-ruling-received = Next: if you disagree with the ruling you can appeal within { $appeal_days } days of receiving it; the window { $deadline }. An appeal needs new valid evidence or must point out a clear error in the handling.
case-next-appeal-closed = The appeal window ({ $appeal_days } days after the ruling) closed at { $deadline }; the appeal channel is closed and no appeal reminders will come.
case-next-appeal-submitted = Next: senior customer service reviews the appeal in about { $review_min }–{ $review_max } working days; the result is final. When it comes, tap "Appeal result received".
case-next-appeal-decided = The appeal result is the final ruling. Close the case once it is done.
case-next-closed = The case is closed. If something else comes up, you can reopen it.

## One case per order

flow-btn-new-order = 🆕 A new order
flow-order-matched = This order already has the case "{ $title }"; I'll keep recording on it instead of opening another.
flow-apply-ask-case = { $count ->
    [1] Is it about this order? Tap it to carry on, or "A new order" for another one.
   *[other] Which order is it about? Pick one to carry on, or "A new order".
}
flow-apply-known = This case already has:
    { $facts }
    Is that right?
flow-apply-fact-problem = · Problem: { $problem }
flow-apply-fact-demand = · Asked the seller for: { $demand }
flow-apply-fact-known-success = · Transaction succeeded: { $success }
flow-btn-continue = Yes, continue
flow-btn-edit-facts = Edit

## When it happened (not when the button was tapped)

flow-when-now = Just now
flow-when-today = Earlier today
flow-when-yday = Yesterday
flow-when-type = Type a date and time
flow-ask-when-type = Type the date and time (Beijing time), e.g. Nov 24 20:30, yesterday 8pm, 3 days ago.
flow-apply-ask-seller-when = When did the seller answer? What follows is counted from then.
flow-apply-ask-intervened-when = When did you request the intervention? The ruling time counts from then.
flow-appeal-ask-submitted-when = When did you submit the appeal?

## Case titles (rendered in the reader's language when shown: flows.cases.title_ref)

case-title = { $parts }
case-title-numbered = { $parts } #{ $number }
case-title-typed = { $text }
case-title-with-status = { $title } · { $status }
case-title-generic = Case
case-title-order = order …{ $tail }
