cases-none = You have no cases yet. When you apply for after-sales with /apply or negotiate with the seller with /negotiate, I open a case, keep its dates and remind you before each deadline.
cases-title = 📋 <b>Your cases</b>
cases-line = · { $title }: { $status }. { $deadline }
case-not-found = This case was not found.
case-card =
    📋 <b>{ $title }</b>
    Status: { $status }
    Order number: { $order }
    { $deadline }
    <b>Timeline</b> (Beijing time)
    { $timeline }
    <b>Evidence</b>: { $evidence }
    Still missing: { $missing }
    Something new happened? Record it with the buttons below and I'll update your reminders.
case-timeline-empty = (nothing recorded yet)
case-evidence-none = none yet
case-no-deadline = No deadline pending right now.
case-next-deadline = Next deadline: { $what }, { $when }
case-recorded = Recorded. Case status: { $status }
case-ask-ruling = What did the ruling decide?
case-ask-seller = What did the seller answer?
case-later = OK, nothing for now. You can update the case any time in /cases.
case-btn-agreed = Seller agreed
case-btn-refused = Seller refused
case-btn-silent = Seller didn't answer
case-btn-intervene = I requested intervention
case-btn-ruling = Ruling received
case-btn-appealed = Appeal submitted
case-btn-evidence = 📎 Add evidence
case-expect-ruling = The ruling usually comes between { $earliest } and { $latest } ({ $ruling_min }–{ $ruling_max } working days; complex cases may take up to { $complex_days } days).
case-expect-appeal = The appeal result usually comes between { $earliest } and { $latest } ({ $review_min }–{ $review_max } working days); it is final.
case-expect-estimated = (working days estimated: this year's holiday schedule isn't published yet, so the dates may be off)
case-event-with-outcome = { $event } ({ $outcome })
list-separator = {", "}
case-effect-refused = One step was not recorded on the case: { $reason ->
    [within_appeal_window] the appeal came after the { $appeal_days }-day appeal window that starts when the ruling arrives.
    [seller_72h_passed] the seller's { $seller_hours } hours have not passed yet.
    [future] that moment has not come yet.
   *[other] the case's status does not allow it now.
} Everything else was saved; see and correct it with /cases.
case-effect-unresolved = The case this step should be recorded on no longer exists (it may have been deleted), so nothing was recorded. See your cases with /cases.
