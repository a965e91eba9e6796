## 引导流程（flows/）的全部文字。数字（15天、72小时……）都作为参数传入，来自 flows/rules.py。
## 用户输入的内容（订单号、描述、文件名、案件标题）作为参数传入，由机器人转义。

## 通用按钮

flow-btn-back = ⬅️ 上一步
flow-btn-skip = 跳过
flow-btn-cancel = ✖️ 取消
flow-btn-done = ✅ 完成
flow-btn-finish = 完成
flow-btn-evidence = 📎 准备证据
flow-btn-start-apply = 📝 申请售后
flow-btn-start-negotiate = 🤝 先和卖家协商
flow-case-option = 📁 { $title }

## 流程名称

flow-negotiate-title = 和卖家协商
flow-apply-title = 申请售后 / 客服介入
flow-evidence-title = 整理证据
flow-appeal-title = 申诉

## 引擎的通用回复

flow-cancelled = 好的，已取消这次流程。之前已经保存的内容不受影响。需要时发 /start 打开菜单。
flow-closed = 好的，到这里结束。已经保存的内容都在，发 /cases 可以查看。
flow-cannot-go-back = 这里不能再返回上一步了。
flow-cannot-skip = 这一步不能跳过。
flow-use-buttons = 请点下面的按钮选一项。
flow-files-not-expected = 这一步还不需要发文件，请先回答下面的问题。证据可以之后用 /evidence 上传。
flow-done-not-here = 这一步还没完成，请先回答下面的问题。
flow-stale-button = 这个按钮不属于当前这一步了，请用下面最新消息里的按钮。
flow-text-empty = 内容是空的，请再输入一次。
flow-text-too-long = 内容太长了，请控制在 { $max } 个字以内。
flow-date-invalid =
    没看懂这个时间。{ $with_time ->
        [yes] 请这样写（北京时间）：<code>11月24日 20:30</code>、<code>昨天 20:30</code> 或 <code>2026-11-24 20:30</code>。
       *[no] 请这样写：<code>11月20日</code>、<code>昨天</code>、<code>3天前</code> 或 <code>2026-11-20</code>。
    }

## 共用的问题与校验

flow-ask-order-no =
    订单号是多少？在淘宝「我的订单」→ 订单详情里可以复制。
    不方便提供的话点「跳过」。
flow-order-no-invalid =
    这看起来不像订单号：本助手按 { $min }–{ $max } 位数字检查（这只是助手的检查，不是淘宝的规定）{ $digits_only ->
        [yes] ，你发的是 { $length } 位
       *[no] ，你发的内容里有数字以外的字符
    }。请再发一次，或点「跳过」。
flow-detail-too-long = 写得有点长，请控制在 { $max } 个字以内，一两句话说清楚就好。

## 标签：问题、服务类型、诉求

label-problem-not-received = 没收到货
label-problem-quality = 质量问题
label-problem-not-as-described = 与描述不符
label-problem-counterfeit = 疑似假货
label-problem-wrong-item = 发错/漏发
label-problem-other = 其他问题
label-service-refund-only = 仅退款
label-service-return-refund = 退货退款
label-service-exchange = 换货
label-demand-refund-only = 仅退款
label-demand-return-refund = 退货退款
label-demand-exchange = 换货
label-demand-resend = 补发
label-demand-partial-refund = 部分退款

## 案件：状态、事件、裁决结果、期限

case-status-negotiating = 协商中
case-status-after-sales-requested = 已申请售后，等卖家处理
case-status-seller-agreed = 卖家已同意
case-status-seller-refused = 卖家已拒绝
case-status-seller-no-answer = 卖家超时未处理
case-status-intervention-requested = 已申请客服介入
case-status-ruling-received = 已收到裁决
case-status-appeal-submitted = 已提交申诉
case-status-closed = 已结束
case-event-negotiation-started = 开始和卖家协商
case-event-transaction-succeeded = 交易成功（确认收货）
case-event-after-sales-requested = 提交售后申请
case-event-seller-answered = 卖家回复售后申请
case-event-seller-agreed = 卖家同意售后申请
case-event-seller-refused = 卖家拒绝售后申请
case-event-seller-no-answer = 卖家超时未处理
case-event-intervention-requested = 申请客服介入
case-event-ruling-received = 收到裁决
case-event-appeal-submitted = 提交申诉
case-event-evidence-added = 补充证据
case-event-closed = 案件结束
ruling-outcome-full-refund = 全额退款
ruling-outcome-partial-refund = 部分退款
ruling-outcome-return-refund = 退货退款
ruling-outcome-exchange = 换货
ruling-outcome-rejected = 诉求未获支持
case-deadline-after-sales-window-end = 售后申请期
case-deadline-seller-response-due = 卖家处理售后申请的时间
case-deadline-appeal-due = 申诉期

## 证据类别与清单

evidence-cat-chat = 聊天记录
evidence-cat-product = 商品问题照片/报告
evidence-cat-logistics = 物流记录
evidence-cat-transaction = 订单/付款凭证
evidence-cat-promise = 承诺截图
evidence-line-chat =
    { $done ->
        [yes] ✅
       *[no] ⬜
    } { NUMBER($n, useGrouping: 0) }. <b>聊天记录</b>：与卖家的完整沟通截图，带日期、按时间顺序；特别是卖家对质量、发货时间的承诺。
evidence-line-product =
    { $done ->
        [yes] ✅
       *[no] ⬜
    } { NUMBER($n, useGrouping: 0) }. <b>商品问题证明</b>：{ $problem ->
        [counterfeit] 商品全景和细节照片（标签、防伪码、做工）；如有条件，可以提供第三方检测报告或品牌方鉴定证明。
        [not_as_described] 实物照片，对照商品页面的描述和图片来拍，不一致的地方拍特写。
        [wrong_item] 收到的实物照片（连同包装和快递面单），能看出和订单不一致或缺了什么。
       *[other] 清晰的全景照片 + 问题部位的细节特写；有条件的话附第三方检测报告。
    }
evidence-line-logistics =
    { $done ->
        [yes] ✅
       *[no] ⬜
    } { NUMBER($n, useGrouping: 0) }. <b>物流记录</b>：完整的物流跟踪截图，特别是异常节点（长时间不更新、签收异常等）{ $problem ->
        [not_received] ——没收到货时，这是最重要的证据。
       *[other] 。
    }
evidence-line-transaction =
    { $done ->
        [yes] ✅
       *[no] ⬜
    } { NUMBER($n, useGrouping: 0) }. <b>交易凭证</b>：订单详情截图、付款凭证、发票，证明交易真实、金额准确。
evidence-line-promise =
    { $done ->
        [yes] ✅
       *[no] ⬜
    } { NUMBER($n, useGrouping: 0) }. <b>承诺和时间节点</b>：{ $problem ->
        [not_as_described] 商品页面的描述截图（材质、尺寸、功能等），以及卖家的承诺。
        [counterfeit] 商品页面上「正品」之类的承诺截图，以及卖家在聊天里的保证。
       *[other] 卖家承诺的售后时效、发货时间、促销活动等页面截图或聊天记录。
    }

## 协商（/negotiate）

flow-negotiate-ask-problem = 好的，我们先试着和卖家谈一谈。遇到了什么问题？
flow-negotiate-ask-demand = 你希望卖家怎么解决？
flow-negotiate-ask-detail =
    用一句话说说具体情况，我会写进给卖家的消息里（例如：<i>屏幕右下角有一道划痕</i>）。
    不想写的话点「跳过」。
flow-negotiate-ask-reply-by = 希望卖家多久内回复？
flow-negotiate-btn-24h = 24小时内
flow-negotiate-btn-48h = 48小时内
flow-negotiate-advice =
    <b>协商建议</b>
    ① <b>怎么联系</b>：在淘宝订单页面点「联系卖家」，或用旺旺直接沟通，一次把问题和诉求说清楚。
    ② <b>现在就保存证据</b>：{ $evidence }。{ $problem ->
        [not_received] 没收到货时物流跟踪记录最重要，先截图保存。
        [quality] 质量问题先拍全景照片和问题部位的特写。
        [not_as_described] 把商品页面的描述截图，和实物对照着拍。
        [counterfeit] 疑似假货，可以考虑找品牌方鉴定或第三方检测。
        [wrong_item] 拍下收到的实物、包装和快递面单。
       *[other] 截图带上日期，按时间顺序整理。
    }
    ③ <b>合理的诉求</b>：你想要的是「{ $demand_label }」。{ $demand_note ->
        [nothing_to_return] 还没收到货，就没有东西可退可换，一般提「仅退款」或「补发」更合理。
        [counterfeit_replace] 疑似假货时，换货或补发可能还是同一来源的货，可以考虑退货退款。
        [partial] 部分退款适合问题不大、你愿意留下商品的情况，最好说清楚希望退多少。
       *[ok] 这个诉求和问题相符，可以直接提。
    }
    ④ <b>语气</b>：只讲事实和诉求，冷静、具体，不要情绪化。这些聊天记录以后可能就是证据。
    ⑤ <b>时间</b>：交易成功后 { $window_days } 天内可以申请售后。建议用前 { $nego_min }–{ $nego_max } 天和卖家沟通，给后续流程留出时间；谈不拢就发 /apply 申请售后。
    <i>来源：《淘宝客服介入申请流程详解及操作步骤指南》</i>
flow-negotiate-message =
    <b>可以直接发给卖家的消息</b>（点一下即可复制）：

    🙂 <b>礼貌版</b>
    <code>您好，{ $has_order ->
        [yes] 我是订单 { $order_no } 的买家
       *[no] 我是这笔订单的买家
    }。{ $seller_problem }{ $has_detail ->
        [yes] ：{ $detail }
       *[no] {""}
    }。想和您商量一下，希望您能{ $seller_demand }。麻烦您在 { $reply_by_cn } 前回复我，谢谢！</code>

    📌 <b>坚定版</b>
    <code>您好，{ $has_order ->
        [yes] 订单 { $order_no }：
       *[no] {""}
    }{ $seller_problem }{ $has_detail ->
        [yes] （{ $detail }）
       *[no] {""}
    }，相关的{ $seller_kept }我都已保存。我的诉求是请您{ $seller_demand }，请在 { $reply_by_cn } 前给出处理方案。如果到时没有答复，我会在订单页面申请售后，必要时申请淘宝客服介入。</code>

    回复期限：{ $reply_by }（北京时间）。
    要为这件事建个案件吗？之后申请售后、整理证据都会接着用，{ $reminds ->
        [window] 售后申请期截止前我也会提醒你。
       *[checkin] 过几天我会问问你和卖家谈得怎么样。
    }
flow-negotiate-btn-open-case = 📁 建个案件
flow-negotiate-case-opened =
    已记下{ $new ->
        [yes] 一个新案件
       *[no] 到你的案件里
    }，状态：协商中。
    { $window }
    { $checkin ->
        [yes] 大约 { $nego_min } 天后我会问问你进展。
       *[no] {""}
    }如果卖家不同意或不回复，发 /apply 申请售后。
flow-negotiate-finished = 好的。先把消息发给卖家，等卖家回复。谈不拢的话随时发 /apply——交易成功后 { $window_days } 天内都可以申请售后。

## 协商消息里的中文短语（发给卖家，中英文目录里都是中文）

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

## 申请售后（/apply）

flow-apply-ask-problem = 好的，我们一步步来。先说说遇到了什么问题？
flow-apply-ask-service =
    你希望怎么解决？这是淘宝「申请售后」里要选的服务类型：
    · <b>仅退款</b>：不退回商品，只退款（比如没收到货）
    · <b>退货退款</b>：把商品寄回，卖家退款
    · <b>换货</b>：寄回后换一件
    （指南只列出这三种服务类型，没有给出定义；以上是一般说明。）
flow-apply-ask-success =
    交易是哪天成功（确认收货）的？售后要在交易成功后 { $window_days } 天内申请，我来帮你算。
    可以回复：<code>11月20日</code>、<code>昨天</code>、<code>3天前</code>。还没确认收货就点下面的按钮。
flow-apply-btn-not-confirmed = 还没确认收货
flow-apply-ask-requested = 已经在淘宝提交售后申请了吗？
flow-apply-btn-requested = 已提交
flow-apply-btn-not-requested = 还没有
flow-apply-ask-requested-at = 什么时候提交的？（北京时间，例如 <code>11月24日 20:30</code>、<code>昨天 20:30</code>）
flow-apply-ask-seller = 卖家回复了吗？（卖家有 { $seller_hours } 小时处理售后申请）
flow-apply-btn-seller-agreed = 同意了
flow-apply-btn-seller-refused = 拒绝了
flow-apply-btn-seller-no-answer = 还没回复
flow-apply-summary =
    📋 <b>你的情况</b>
    { $facts }

    { $next }

    { $saved ->
        [yes] 已为你建了一个案件，发 /cases 可以查看。
       *[no] 已更新你的案件，发 /cases 可以查看。
    }
    <i>来源：《淘宝客服介入申请流程详解及操作步骤指南》 · 本助手与淘宝官方无关</i>
flow-apply-fact-case = · 问题：{ $problem } · 服务类型：{ $service }
flow-apply-fact-order = · 订单号：{ $order_no }
flow-apply-fact-success =
    · 交易成功：{ $success }；售后申请期（交易成功后 { $window_days } 天内）：{ $window_end }{ $passed ->
        [yes] ——<b>已过期</b>
       *[no] {""}
    }
flow-apply-fact-not-confirmed = · 还没确认收货：售后申请期（交易成功后 { $window_days } 天）从交易成功时算起
flow-apply-fact-requested = · 售后申请：{ $requested } 提交
flow-apply-fact-seller-due =
    · 卖家处理期限（{ $seller_hours } 小时）：{ $due }{ $overdue ->
        [yes] ——<b>已超时</b>
       *[no] {""}
    }
flow-apply-fact-seller =
    · 卖家：{ $answer ->
        [agreed] 已同意
        [refused] 已拒绝
       *[no_answer] 还没回复
    }
flow-apply-now-how-to-apply =
    <b>下一步：在淘宝提交售后申请</b>
    ① 打开淘宝 →「我的订单」，找到这笔交易，点「申请售后」
    ② 选择服务类型「{ $service }」，填写详细的申请原因
    ③ 上传凭证：商品问题照片、聊天记录截图、检测报告等（发 /evidence 我帮你按类别整理）
    ④ 确认无误后提交
    { $has_window ->
        [yes] 售后申请期：<b>{ $window_end }</b>。请尽早提交。
       *[no] 交易成功后 { $window_days } 天内都可以申请。
    }提交后卖家有 { $seller_hours } 小时处理；如果卖家拒绝或超时未处理，页面会出现「申请客服介入」。
    还没和卖家谈过的话，建议先用售后申请期的前 { $nego_min }–{ $nego_max } 天协商（/negotiate 里有可以直接发给卖家的消息）。
flow-apply-now-window-passed =
    <b>售后申请期已经过了。</b>按淘宝的规则，售后要在交易成功后 { $window_days } 天内申请；确认收货超过 { $window_days } 天的订单无法再申请。
    还能做的：
    · 直接联系卖家协商，看卖家是否愿意处理；/negotiate 可以帮你写一条礼貌、清楚的消息
    · 平台之外（以下不是淘宝的规则，也不在本指南里）：可以了解全国12315平台和《消费者权益保护法》的相关规定；能否受理、怎么处理，以有关部门的答复为准
flow-apply-now-seller-agreed =
    <b>卖家已同意。</b>按订单页面的提示完成后续；需要退货的话，按页面给出的地址寄回，保存好快递单号和物流截图。
    退款到账或换货收到之前，先别删聊天记录和照片。如果卖家同意后又不处理，发 /apply 更新情况。
flow-apply-now-intervene =
    <b>现在可以申请客服介入了</b>（{ $reason ->
        [refused] 卖家拒绝了售后申请
       *[overdue] 卖家超过 { $seller_hours } 小时没有处理
    }）。
    打开淘宝 →「我的订单」→ 这笔订单，在售后页面点「申请客服介入」（卖家拒绝或超时未处理后才会出现）。
    之后一般这样进行：
    ① 初步审核：客服确认是否符合介入条件、双方是否协商过但没谈拢，通常 { $initial_days } 个工作日内完成
    ② 证据审查：审核双方提交的证据，比对商品描述和实际情况，评估各方责任
    ③ 补充调查：需要时客服会通过站内信或电话联系你补充材料
    ④ 做出裁决：如退款、退货、部分退款等
    ⑤ 执行结果：通过站内信和订单页面通知，并自动执行相应操作（如强制退款）
    整个过程一般 { $ruling_min }–{ $ruling_max } 个工作日，复杂案件可能延长至 { $complex_days } 天。期间请保持电话畅通，留意站内信。
    一个订单通常只有一次客服介入机会，建议先把证据整理好（/evidence）再申请。客服介入是免费的，要警惕要求付费「加速处理」或「保证胜诉」的诈骗信息。
flow-apply-now-wait-seller =
    <b>等卖家处理。</b>卖家有 { $seller_hours } 小时处理时间{ $has_due ->
        [yes] ：<b>{ $due }</b>
       *[no] {""}
    }。如果卖家拒绝或到时还没处理，订单页面会出现「申请客服介入」，到时我会提醒你。
    这段时间可以先整理证据（/evidence）。
flow-apply-btn-intervened = 我已申请介入
flow-apply-intervened =
    已记下：你已申请客服介入。客服一般在 { $ruling_min }–{ $ruling_max } 个工作日内做出裁决，复杂案件可能延长至 { $complex_days } 天；期间可能通过站内信或电话联系你补充材料。
    收到裁决后如有异议，要在收到后 { $appeal_days } 天内申诉（/appeal）。
flow-apply-finished = 好的。案件已保存，发 /cases 查看；需要整理证据时发 /evidence。
flow-apply-evidence-next = 好的，接着整理证据。

## 整理证据（/evidence）

flow-evidence-ask-case = { $count ->
    [1] 是这个订单的证据吗？点它接着整理；别的订单请点「新的订单」。
   *[other] 是哪个订单的证据？选一个接着整理，或点「新的订单」。
}
flow-evidence-ask-problem = 新的订单：遇到了什么问题？我按它列出要准备的证据。
flow-evidence-checklist =
    <b>{ $problem_label }</b>建议准备这 { NUMBER($total, useGrouping: 0) } 类证据（已有 { NUMBER($covered, useGrouping: 0) }/{ NUMBER($total, useGrouping: 0) }）：
    { $lines }

    直接把照片或 PDF 发给我，可以一次发多张；在说明里写上「聊天」「物流」「订单」等字样，我会自动归类。
    我能收 { $formats } 格式（淘宝上传凭证也支持这些格式），单个文件不超过 { NUMBER($max_mb, useGrouping: 0) } MB（Telegram 的限制）。图片要清晰，和诉求直接相关；无关或重复的材料会延长审核时间，不必上传。
    发完点「完成」。
flow-evidence-progress =
    { $has_last ->
        [yes] ✅ { $last_category } +{ NUMBER($last_count, useGrouping: 0) }，
       *[no] {""}
    }已覆盖 { NUMBER($covered, useGrouping: 0) }/{ NUMBER($total, useGrouping: 0) } 类{ $missing_count ->
        [0] ，全部齐了 👍
       *[other] ，还缺：{ $missing }
    }。可以继续发，发完点「完成」。
flow-evidence-ask-category =
    { $files ->
        [0] 收到 { NUMBER($photos, useGrouping: 0) } 张照片
       *[other] 收到 { NUMBER($count, useGrouping: 0) } 份材料
    }。{ $count ->
        [1] 属于哪一类？
       *[other] 它们属于哪一类？（这一组会归到同一类）
    }
flow-evidence-summary =
    <b>证据小结</b>
    这次新增 { NUMBER($added, useGrouping: 0) } 份。{ $problem_label }的 { NUMBER($total, useGrouping: 0) } 类证据已覆盖 { NUMBER($covered, useGrouping: 0) } 类{ $missing_count ->
        [0] 。
       *[other] ，还缺：{ $missing }。
    }
    { $lines }

    在淘宝申请售后或客服介入时，按页面提示上传凭证，聊天记录截图按时间顺序排好。需要补充时随时发 /evidence。
    <i>来源：《淘宝客服介入申请流程详解及操作步骤指南》</i>
flow-evidence-file-notes =
    { $lines }
    共收到 { NUMBER($received, useGrouping: 0) } 份，可以保存 { NUMBER($accepted, useGrouping: 0) } 份。
flow-evidence-file-too-big = ⚠️ { $name } 超过 { NUMBER($max_mb, useGrouping: 0) } MB，我这边无法下载。请压缩后再发，或截图、导出为较小的 PDF。
flow-evidence-file-bad-format = ⚠️ { $name } 的格式暂不支持。请发送 { $formats }（可以把文档截图，或导出为 PDF）。
flow-evidence-file-duplicate = ℹ️ { $name } 之前已经收到过，不再重复保存。
flow-evidence-file-small = ⚠️ { $name } 分辨率较低（{ $width }×{ $height }），收下了，但可能看不清。如果有原图，建议以「文件」方式再发一次（短边至少 { NUMBER($min, useGrouping: 0) } 像素）。
flow-evidence-file-name = 「{ $name }」
flow-evidence-file-photo = 第 { NUMBER($n, useGrouping: 0) } 张
evidence-file-this-photo = 这张照片
evidence-file-failed = ⚠️ { $name }没能下载，请再发一次。
evidence-file-corrupt = ⚠️ { $single ->
        [yes] 这张图片好像不完整，请重新发送。
       *[no] { $name }好像不完整（图片打不开），请重新发送。
    }
evidence-file-small = ⚠️ { $name }只有 { $width }×{ $height } 像素，截图里的小字可能看不清。已经收下；如果确实看不清，请用「文件」方式发送原图（以文件发送时 Telegram 不会压缩）。
evidence-file-duplicate-in = ℹ️ { $name }之前已经收到了（在「{ $category }」里），不再重复保存。
evidence-file-not-what-name-says = ⚠️ { $name }看名字是{ $claimed ->
        [pdf] PDF
       *[image] 图片
    }，但内容其实不是{ $claimed ->
        [pdf] PDF
       *[image] 图片
    }，没法作为证据保存。请发送真正的 { $formats } 文件（文档可以截图，或导出为 PDF）。

## 申诉（/appeal）

flow-appeal-ask-case = { $count ->
    [1] 是这个订单的裁决吗？点它接着办；别的订单请点「新的订单」。
   *[other] 是哪个订单的裁决？选一个接着办，或点「新的订单」。
}
flow-appeal-ask-outcome = 客服介入的裁决结果是什么？
flow-appeal-ask-ruling-at =
    什么时候收到裁决的？（看站内信或订单页面上的时间，北京时间，例如 <code>11月24日 20:30</code>、<code>昨天 20:30</code>）
    申诉要在收到裁决后 { $appeal_days } 天内提出，我来帮你算。
flow-appeal-closed =
    收到裁决：{ $ruling }。按规则，申诉要在收到裁决结果后 { $appeal_days } 天内提出（{ $deadline }），超期申诉通道会关闭，所以<b>现在已经无法申诉了</b>。
    还能做的：
    · 大多数裁决会自动执行（如强制退款）。需要卖家配合（如退货）而卖家不执行的，可以再联系淘宝客服，平台会采取相应措施
    · 一个订单通常只有一次客服介入机会，一般不能再次申请
    · 平台之外（以下不是淘宝的规则，也不在本指南里）：可以了解全国12315平台和《消费者权益保护法》的相关规定；能否受理，以有关部门的答复为准
    已把裁决记到案件里。
    <i>来源：《淘宝客服介入申请流程详解及操作步骤指南》</i>
flow-appeal-ask-basis =
    还来得及。申诉要在收到裁决后 { $appeal_days } 天内提出{ $exact ->
        [yes] {""}
       *[no] ，以裁决通知上的时间为准
    }。
    按你说的时间，申诉期限：<b>{ $deadline }</b>
    申诉必须提供<b>新的有效证据</b>，或指出原处理中的<b>明显错误</b>；单纯表达不满不会被受理。你有哪一种？
flow-appeal-btn-new-evidence = 有新的证据
flow-appeal-btn-clear-error = 原处理有明显错误
flow-appeal-btn-neither = 都没有，只是不同意
flow-appeal-advice =
    { $basis ->
        [new_evidence] <b>怎么申诉</b> · 期限：<b>{ $deadline }</b>
            ① 在订单页面点「申诉」按钮，或拨打淘宝客服热线 { $hotline }
            ② 提交新的证据，说明这是原来没有提交过的材料，以及它怎样支持你的诉求
            ③ 高级客服团队会复核，大约 { $review_min }–{ $review_max } 个工作日；申诉结果就是最终裁决
            可以先把新证据加到案件里，我帮你按类别整理。
        [clear_error] <b>怎么申诉</b> · 期限：<b>{ $deadline }</b>
            ① 在订单页面点「申诉」按钮，或拨打淘宝客服热线 { $hotline }
            ② 具体指出原处理错在哪里（例如漏看了某份证据、把事实弄错了），附上能证明这一点的截图
            ③ 高级客服团队会复核，大约 { $review_min }–{ $review_max } 个工作日；申诉结果就是最终裁决
       *[neither] <b>实话说：</b>只是不同意裁决、没有新证据的话，申诉不会被受理——申诉必须提供新的有效证据，或指出原处理中的明显错误。
            申诉期限：{ $deadline }。在那之前如果找到了新证据（比如检测报告、之前没提交的聊天记录），仍然可以申诉：订单页面的「申诉」按钮，或客服热线 { $hotline }。
            大多数裁决会自动执行；需要卖家配合而卖家不执行的，可以再联系淘宝客服。
    }
    <i>来源：《淘宝客服介入申请流程详解及操作步骤指南》</i>
flow-appeal-draft =
    📝 <b>申诉说明草稿</b>（可以复制，按实际情况改好再提交）：
    <code>{ $statement }</code>
    { $has_evidence ->
        [yes] {""}
       *[no] 案件里还没有整理好的证据，所以草稿里的材料先空着：用 /evidence 加进来后，再发 /appeal 生成一次。
    }注意：申诉只看事实和证据，单纯表达不满不会被受理。只写能用证据证明的事实，把【】里的内容换成你的实际情况。
flow-appeal-statement = { $has_case ->
        [yes] 关于「{ $case }」：
       *[no] {""}
    }客服介入的裁决是「{ $outcome }」（{ $ruling }收到）。{ $basis ->
        [new_evidence] 现在补充原处理时没有提交过的新证据：{ $evidence }。这些材料说明：【用一句话写明新证据证明了什么，例如：商品在签收前已损坏】。请求复核原裁决。
       *[other] 原处理有明显错误：【具体写明错在哪里，例如：裁决认定已签收，但物流记录显示包裹已退回】。可以证明这一点的材料：{ $evidence }。请求复核原裁决。
    }
flow-appeal-statement-no-evidence = 【列出你的证据】
flow-appeal-btn-add-evidence = 📎 补充新证据
flow-appeal-btn-submitted = 我已提交申诉
flow-appeal-submitted = 已记下：申诉已提交。高级客服团队复核大约需要 { $review_min }–{ $review_max } 个工作日，结果为最终裁决。期间请留意站内信，保持电话畅通。
flow-appeal-finished =
    好的，已把裁决记到案件里。{ $basis ->
        [neither] {""}
       *[other] 记得按时提交申诉：{ $deadline }。截止前我会提醒你。
    }
flow-appeal-evidence-next = 好的，把新证据加进来。记得按时提交申诉：{ $deadline }。

## 案件生命周期（flows/lifecycle.py）：新状态、新事件、每个状态的下一步

case-status-appeal-decided = 已收到申诉结果
case-event-appeal-decided = 收到申诉结果
case-event-reopened = 重新打开案件
case-next-negotiating = 下一步：协商不成，可以在交易成功后 { $window_days } 天内申请售后：我的订单 → 这笔订单 → 申请售后。
case-next-after-sales-requested = 下一步：卖家有 { $seller_hours } 小时处理：{ $deadline }。卖家拒绝或超时未处理，订单页面会出现「申请客服介入」。
case-next-seller-overdue = 下一步：卖家 { $seller_hours } 小时的处理时间已于 { $deadline } 到期。打开淘宝 →「我的订单」→ 这笔订单的售后页面，现在应能看到「申请客服介入」。
case-next-seller-agreed = 下一步：卖家已同意，按订单售后页面上的提示完成后续步骤。事情办完后可以结案。
case-next-seller-refused = 下一步：卖家拒绝了，可以申请客服介入：打开淘宝 →「我的订单」→ 这笔订单的售后页面，点「申请客服介入」。先把证据准备好。
case-next-seller-no-answer = 下一步：卖家超时未处理，可以申请客服介入：打开淘宝 →「我的订单」→ 这笔订单的售后页面，点「申请客服介入」。先把证据准备好。
case-next-intervention-requested = 下一步：等客服裁决，一般 { $ruling_min }–{ $ruling_max } 个工作日（复杂的可能到 { $complex_days } 天），期间客服可能通过站内信或电话联系你，请保持畅通。收到裁决后点「收到裁决」记下。
case-next-ruling-received = 下一步：如对裁决有异议，可以在收到裁决后 { $appeal_days } 天内申诉：{ $deadline }。申诉须提供新的有效证据或指出原处理中的明显错误。
case-next-appeal-closed = 申诉期（收到裁决后 { $appeal_days } 天）已于 { $deadline } 结束，申诉通道已关闭，不会再有申诉提醒。
case-next-appeal-submitted = 下一步：高级客服复核申诉，约 { $review_min }–{ $review_max } 个工作日，结果为最终裁决。收到后点「收到申诉结果」。
case-next-appeal-decided = 申诉结果为最终裁决。事情办完后可以结案。
case-next-closed = 案件已结案。如果还有后续，可以重新打开。

## 一个订单一个案件

flow-btn-new-order = 🆕 新的订单
flow-order-matched = 这个订单已经有案件「{ $title }」，接着记在它上面，不再新开。
flow-apply-ask-case = { $count ->
    [1] 是这个订单的事吗？点它接着办；别的订单请点「新的订单」。
   *[other] 是哪个订单的事？选一个接着办，或点「新的订单」。
}
flow-apply-known = 这个案件已经记下了：
    { $facts }
    对吗？
flow-apply-fact-problem = · 问题：{ $problem }
flow-apply-fact-demand = · 协商诉求：{ $demand }
flow-apply-fact-known-success = · 交易成功：{ $success }
flow-btn-continue = 对，继续
flow-btn-edit-facts = 修改

## 什么时候发生的（不是点按钮的时间）

flow-when-now = 刚刚
flow-when-today = 今天早些时候
flow-when-yday = 昨天
flow-when-type = 输入日期时间
flow-ask-when-type = 请输入日期和时间（北京时间），例如 11月24日 20:30、昨天晚上8点、3天前。
flow-apply-ask-seller-when = 卖家什么时候回复的？之后的期限从这时算起。
flow-apply-ask-intervened-when = 什么时候申请的客服介入？裁决时间从这时算起。
flow-appeal-ask-submitted-when = 什么时候提交的申诉？

## 案件标题（显示时按读者的语言生成：flows.cases.title_ref）

case-title = { $parts }
case-title-numbered = { $parts } #{ $number }
case-title-typed = { $text }
case-title-with-status = { $title } · { $status }
case-title-generic = 案件
case-title-order = 尾号{ $tail }
