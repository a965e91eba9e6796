cmd-privacy = How my data is kept
cmd-mydata = Export all my data
cmd-forget = Delete all my data
privacy =
    <b>Your data: what is kept, for how long, who can see it</b>

    <b>What is kept</b>
    · your answers in the flows (problem type, order number, dates, the seller's answer…)
    · your cases and their timelines
    · the evidence files you sent (photos, PDFs), with their category and caption
    · deadline reminders
    · your language, and where you are in an unfinished flow

    <b>Where</b>: on the server that runs this bot (managed by its operator). Nothing is sent to Taobao or anyone else. Evidence files can be read only by the service account on that server.

    <b>For how long</b>: { $days } days after a case is closed, the case, its evidence and its reminders are deleted automatically. If you block the bot, all your data is deleted { $days } days after your last message.

    <b>Who can see it</b>: you, and the operator who has access to the server. Questions the bot could not answer are kept without your account, to improve the FAQ.

    <b>At any time</b>
    /mydata — get all your data as a ZIP (a JSON file and your evidence files)
    /forget — delete all your data (you will be asked to confirm)
mydata-preparing = Collecting your data, one moment…
mydata-caption = Your data (part { $part } of { $parts }). data.json holds every record; the evidence folder holds your files.
mydata-done =
    Sent { $parts ->
        [one] 1 file
       *[other] { $parts } files
    }: { $cases ->
        [one] 1 case
       *[other] { NUMBER($cases, useGrouping: 0) } cases
    }, { $files ->
        [one] 1 evidence file
       *[other] { NUMBER($files, useGrouping: 0) } evidence files
    }.
mydata-too-big = { $count ->
        [one] 1 evidence file is
       *[other] { NUMBER($count, useGrouping: 0) } evidence files are
    } too big to send through Telegram; they are listed in data.json (too_big).
forget-confirm =
    <b>Delete all your data?</b>
    This deletes { $cases ->
        [one] 1 case
       *[other] { NUMBER($cases, useGrouping: 0) } cases
    } with their timelines, { $evidence ->
        [one] 1 evidence record
       *[other] { NUMBER($evidence, useGrouping: 0) } evidence records
    } and their files, { $reminders ->
        [one] 1 reminder
       *[other] { NUMBER($reminders, useGrouping: 0) } reminders
    }, any unfinished flow and your language setting.
    It cannot be undone. To keep a copy, send /mydata first.
forget-btn-yes = Yes, delete everything
forget-btn-no = Cancel
forget-cancelled = OK, nothing was deleted.
forget-done =
    Deleted: { $cases ->
        [one] 1 case
       *[other] { NUMBER($cases, useGrouping: 0) } cases
    }, { $events ->
        [one] 1 timeline entry
       *[other] { NUMBER($events, useGrouping: 0) } timeline entries
    }, { $evidence ->
        [one] 1 evidence record
       *[other] { NUMBER($evidence, useGrouping: 0) } evidence records
    }, { $files ->
        [one] 1 evidence file
       *[other] { NUMBER($files, useGrouping: 0) } evidence files
    }, { $reminders ->
        [one] 1 reminder
       *[other] { NUMBER($reminders, useGrouping: 0) } reminders
    }, your unfinished flow and your language setting.
    If you write to me again, a new empty record starts.
forget-nothing = I have no data of yours, so there is nothing to delete.
storage-unavailable = Sorry, your last answer can't be saved right now (a storage problem on the server). Your earlier answers and cases are safe; please try again a little later. Questions, /help and /privacy still work.
