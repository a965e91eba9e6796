welcome =
    你好，我是淘宝售后纠纷助手。👋
    卖家不处理、拒绝售后，或者商品有问题时，我可以陪你一步步处理：
    · 先和卖家协商（附可直接发送的话术）
    · 申请售后、申请客服介入，算好每个期限（北京时间）
    · 整理证据、准备申诉
    · 记下你的案件，在期限到之前提醒你
    有问题也可以直接打字问我，比如「卖家不理我怎么办」。
    <i>本助手与淘宝官方无关，所讲的规则依据《淘宝客服介入申请流程详解及操作步骤指南》。</i>
menu-title = 想做什么？
menu-negotiate = 🤝 和卖家协商
menu-apply = 📝 申请售后/介入
menu-evidence = 📎 整理证据
menu-appeal = ⚖️ 申诉
menu-faq = ❓ 常见问题
menu-cases = 📋 我的案件
menu-reminders = ⏰ 提醒
menu-language = 🌐 English
help =
    <b>可用命令</b>
    /start — 欢迎和主菜单
    /negotiate — 和卖家协商：建议和可直接发送的话术
    /apply — 申请售后、判断能否申请客服介入，算好期限
    /evidence — 按类别整理和上传证据
    /appeal — 对裁决有异议时的申诉
    /cases — 我的案件和进度
    /reminders — 查看期限提醒，打开或关闭提醒
    /faq — 常见问题
    /lang — 切换中文 / English
    /cancel — 退出当前流程（已填的内容会保留）
    /privacy — 我的数据存了什么、存多久
    /mydata — 导出我的全部数据
    /forget — 删除我的全部数据
    也可以直接打字提问。
lang-choose = 请选择语言 / Choose your language:
lang-set = 好的，之后用中文和你交流。
cancel-done = 已退出当前流程，已保存的内容都还在。需要时发 /start 打开菜单。
cancel-nothing = 现在没有进行中的流程。发 /start 打开菜单。
error-generic = 抱歉，刚才出了点问题，没能处理这条消息。你的内容没有丢失。可以再试一次，或发 /cancel 退出当前流程。
unknown-command = 没有 { $command } 这个命令。发 /help 查看可用的命令，或直接打字提问。
unsupported-message = 这类消息我还处理不了。可以打字提问，或发 /start 打开菜单。
button-expired = 这个按钮已经过期了，请发 /start 重新打开菜单。
cmd-start = 主菜单
cmd-help = 帮助和命令列表
cmd-cancel = 退出当前流程
cmd-lang = 切换语言
cmd-faq = 常见问题
cmd-negotiate = 和卖家协商
cmd-apply = 申请售后/客服介入
cmd-evidence = 整理证据
cmd-appeal = 申诉
cmd-cases = 我的案件
cmd-reminders = 期限提醒
chat-intro = 终端对话模式（不连接 Telegram）。输入文字发送；输入按钮前的数字点按钮；/photo 路径 [说明] 或 /file 路径 [说明] 发送文件，/album 路径 路径 … [说明] 发一组照片；/quit 退出。
chat-file-missing = 找不到这个文件，请检查路径，例如：/photo ~/Pictures/问题照片.jpg
private-only = 案件、证据和提醒都是个人信息，请私聊我使用：点我的头像 → 发消息。
unsupported-in-flow = 这类消息我处理不了。请点按钮选择，或按提示打字回复；照片和 PDF 请在整理证据时发送。
file-outside-flow = 收到文件了。要把它存为证据，请先发 /evidence 选好案件，再把照片或 PDF 发给我。
flow-still-open = 你还有一个没走完的流程，我会接着等你的回答；想放弃的话发 /cancel（已保存的内容不受影响）。
