## Dates: said back, why one is refused, and the question when unsure (flows/engine.py)

flow-date-said = OK: { $when }.
flow-date-future =
    { $when } hasn't come yet. This asks about something that already happened — please give a past time, { $with_time ->
        [yes] e.g. <code>yesterday 20:30</code>.
       *[no] e.g. <code>yesterday</code> or <code>Nov 20</code>.
    }
flow-date-too-early =
    That date is before 2000 — probably a typo. Please give the real date for this order, { $with_time ->
        [yes] e.g. <code>Nov 24 20:30</code>.
       *[no] e.g. <code>Nov 20</code>.
    }
flow-date-no-such-day = There is no such day in the calendar (February has no 30th, November no 31st). Please check the month and day and type it again.
flow-date-bad-time = That time of day doesn't exist: hours go 0–23, minutes 0–59. Please write it like <code>20:30</code> or <code>8:30 pm</code>.
flow-date-confirm =
    Do you mean { $when }? That was { $days } days ago.
    Without a year I take the most recent such day that has passed; if the year is wrong, tap "Type it again" and include the year.
flow-date-which = "{ $text }" can be read as two dates. Which day is it?
flow-date-option = { $wd ->
        [mon] Mon
        [tue] Tue
        [wed] Wed
        [thu] Thu
        [fri] Fri
        [sat] Sat
       *[sun] Sun
    } { $d } { $m ->
        [1] Jan
        [2] Feb
        [3] Mar
        [4] Apr
        [5] May
        [6] Jun
        [7] Jul
        [8] Aug
        [9] Sep
        [10] Oct
        [11] Nov
       *[12] Dec
    }{ $year ->
        [yes] { " " }{ $y }
       *[no] { "" }
    }{ $has_time ->
        [yes] , { $hm }
       *[no] { "" }
    }
flow-date-btn-yes = Yes
flow-date-btn-again = Type it again

## How a deadline is written (flows/replies.py deadline_ref): to the minute when the time is known; counted from a date without an hour, only the day it ends on

deadline-at = ends { $when }
deadline-day = ends on { $day } (the exact time is on Taobao's page; finish a day early)
deadline-day-seller = runs out on { $day } (the exact time is on Taobao's page)

## Negotiating (/negotiate): the transaction-success date and the after-sales window (flows/defs/negotiate.py)

flow-negotiate-ask-success =
    On which day did the transaction succeed (receipt confirmed)? After-sales must be requested within { $window_days } days of that; tell me the date and I'll remind you before the window ends.
    You can reply: <code>Nov 20</code>, <code>yesterday</code>, <code>3 days ago</code>. If you haven't confirmed receipt yet, tap the button below; or skip.
flow-negotiate-window =
    { $state ->
        [passed] By this date the after-sales window ({ $window_days } days after the transaction succeeded) is over: orders confirmed more than { $window_days } days ago can no longer apply for after-sales, only keep negotiating with the seller. No window reminders will come.
       *[open] After-sales window ({ $window_days } days after the transaction succeeded): it { $window_end }. I'll remind you 3 days and 1 day before it ends.
    }
flow-negotiate-window-unknown =
    { $reason ->
        [not_confirmed] Receipt not confirmed yet: the after-sales window ({ $window_days } days) counts from when you confirm receipt. Once you have, send /apply with the date and I'll remind you of the window.
       *[skipped] Without the transaction-success date I can't work out the after-sales window, so I won't remind you of it. Remember: after-sales can be requested within { $window_days } days after the transaction succeeds; /apply lets you add the date.
    }

## Order of events (flows/sequence.py): when two dates are the wrong way round, name both and let the user re-enter one

sequence-fact-transaction-succeeded = transaction success (receipt confirmed)
sequence-fact-after-sales-requested = after-sales request
sequence-fact-intervention-requested = intervention request
sequence-fact-ruling = ruling
sequence-fact-appeal-submitted = appeal
sequence-fact-appeal-decided = appeal result
sequence-fact-seller-answered = seller's answer
sequence-ask-fix = When was the { $what }? Type the date, and the time if you know it (Beijing time), e.g. 24 Nov 20:30, yesterday, 3 days ago.
sequence-conflict =
    These dates can't both be right: the { $later } on { $later_at } would come before the { $earlier } on { $earlier_at }.
    The { $later } must come after the { $earlier }, so nothing was saved. Which date is wrong? Tap it to enter it again.
sequence-btn-fix = Fix the date of the { $what }
