cmd-privacy = 我的数据怎么保存
cmd-mydata = 导出我的全部数据
cmd-forget = 删除我的全部数据
privacy =
    <b>你的数据：存了什么、存多久、谁能看到</b>

    <b>保存的内容</b>
    · 你在流程里填写的回答（问题类型、订单号、日期、卖家的答复等）
    · 你的案件和时间线
    · 你发来的证据文件（照片、PDF），以及它们的类别和说明
    · 期限提醒
    · 你选的语言，以及还没走完的流程进度

    <b>存在哪里</b>：运行这个机器人的服务器上（由运营者管理），不会发给淘宝或其他人。证据文件只有服务器上的服务账号能读取。

    <b>存多久</b>：案件关闭 { $days } 天后，这个案件和它的证据、提醒会被自动删除。如果你屏蔽了机器人，在你最后一次发消息的 { $days } 天后，你的全部数据会被删除。

    <b>谁能看到</b>：只有你自己，以及有服务器权限的运营者。机器人回答不了的问题会匿名记下来（不带你的账号），用于改进常见问题。

    <b>你可以随时</b>
    /mydata — 把你的全部数据打包发给你（ZIP：数据 JSON 和证据文件）
    /forget — 删除你的全部数据（会先让你确认）
mydata-preparing = 正在整理你的数据，稍等一下…
mydata-caption = 你的数据（第 { $part }/{ $parts } 部分）。data.json 里是全部记录，evidence 文件夹里是证据文件。
mydata-done =
    已发送 { $parts ->
        [one] 1 个文件
       *[other] { $parts } 个文件
    }：{ NUMBER($cases, useGrouping: 0) } 个案件、{ NUMBER($files, useGrouping: 0) } 个证据文件。
mydata-too-big = 有 { NUMBER($count, useGrouping: 0) } 个证据文件太大，无法通过 Telegram 发送，已在 data.json 里列出（too_big）。
forget-confirm =
    <b>确定要删除你的全部数据吗？</b>
    会删除：{ NUMBER($cases, useGrouping: 0) } 个案件（含时间线）、{ NUMBER($evidence, useGrouping: 0) } 条证据记录和对应文件、{ NUMBER($reminders, useGrouping: 0) } 条提醒、进行中的流程和你的语言设置。
    删除后无法恢复。需要留底的话，先发 /mydata 导出。
forget-btn-yes = 确认删除
forget-btn-no = 取消
forget-cancelled = 好的，什么都没有删除。
forget-done =
    已删除：{ NUMBER($cases, useGrouping: 0) } 个案件、{ NUMBER($events, useGrouping: 0) } 条时间线记录、{ NUMBER($evidence, useGrouping: 0) } 条证据记录、{ NUMBER($files, useGrouping: 0) } 个证据文件、{ NUMBER($reminders, useGrouping: 0) } 条提醒，以及流程进度和语言设置。
    如果你之后再给我发消息，会重新开始一份空白记录。
forget-nothing = 没有找到你的数据，不需要删除。
storage-unavailable = 抱歉，暂时无法保存刚才的回答（服务器存储出了问题）。你之前的回答和案件都还在，稍后再试一次就好。查看常见问题、/help 和 /privacy 不受影响。
