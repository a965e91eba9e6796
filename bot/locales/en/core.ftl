welcome =
    Hi, I'm a helper for Taobao after-sales disputes. 👋
    When a seller ignores you, refuses after-sales, or the item has a problem, I walk you through it:
    · negotiating with the seller first (with a message ready to send)
    · applying for after-sales and customer-service intervention (客服介入), with every deadline worked out in Beijing time
    · collecting evidence and preparing an appeal
    · keeping your case and reminding you before each deadline passes
    You can also just type a question, for example "the seller ignores me, what now?".
    <i>This assistant is not affiliated with Taobao. Its rules come from the Taobao customer-service intervention guide.</i>
menu-title = What would you like to do?
menu-negotiate = 🤝 Negotiate
menu-apply = 📝 Apply / intervene
menu-evidence = 📎 Evidence
menu-appeal = ⚖️ Appeal
menu-faq = ❓ Questions
menu-cases = 📋 My cases
menu-reminders = ⏰ Reminders
menu-language = 🌐 中文
help =
    <b>Commands</b>
    /start — welcome and main menu
    /negotiate — negotiate with the seller: advice and a message ready to send
    /apply — apply for after-sales, see whether you can request intervention, with deadlines
    /evidence — collect and upload evidence by category
    /appeal — appeal a ruling you disagree with
    /cases — your cases and where they stand
    /reminders — see deadline reminders, turn them on or off
    /faq — frequently asked questions
    /lang — 中文 / English
    /cancel — leave the current flow (what you entered is kept)
    /privacy — what is kept about you, and for how long
    /mydata — export all your data
    /forget — delete all your data
    You can also type any question.
lang-choose = 请选择语言 / Choose your language:
lang-set = OK, I'll talk to you in English from now on.
cancel-done = Left the current flow; everything saved is still there. Send /start for the menu.
cancel-nothing = Nothing is running right now. Send /start for the menu.
error-generic = Sorry, something went wrong with that message. Nothing you entered is lost. Try again, or send /cancel to leave the current flow.
unknown-command = There is no { $command } command. Send /help to see the commands, or just type your question.
unsupported-message = I can't handle this kind of message yet. Type a question, or send /start for the menu.
button-expired = This button has expired. Send /start to open the menu again.
cmd-start = Main menu
cmd-help = Help and commands
cmd-cancel = Leave the current flow
cmd-lang = Change language
cmd-faq = Frequently asked questions
cmd-negotiate = Negotiate with the seller
cmd-apply = Apply for after-sales / intervention
cmd-evidence = Collect evidence
cmd-appeal = Appeal a ruling
cmd-cases = My cases
cmd-reminders = Deadline reminders
chat-intro = Terminal chat (no Telegram). Type to send; type a button's number to press it; /photo PATH [caption] or /file PATH [caption] sends a file, /album PATH PATH … [caption] an album; /quit to leave.
chat-file-missing = That file was not found. Check the path, e.g. /photo ~/Pictures/problem.jpg
private-only = Cases, evidence and reminders are personal: please talk to me in a private chat (tap my name → Send message).
unsupported-in-flow = I can't use this kind of message here. Tap a button or type your answer as asked; send photos and PDFs when collecting evidence.
file-outside-flow = Got your file. To keep it as evidence, send /evidence first to choose the case, then send the photos or PDFs.
flow-still-open = You still have a flow open; I'll keep waiting for your answer there. To leave it, send /cancel (what is saved stays).
