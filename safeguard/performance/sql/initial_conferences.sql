-- Initial child protection conferences held in the period after a section 47 enquiry here
-- (transfer-in conferences left out), and whether each was held within the initial conference
-- clock's working days of the start of the enquiry (the strategy discussion), bound as
-- initial_conference_working_days from timescales.clocks. One row per conference.
-- Team: the team holding the case on the conference date, else the team of the referral.
SELECT
    k.child_id AS child_id,
    COALESCE(
        (SELECT al.team_id FROM cases_allocation al
         WHERE al.child_id = k.child_id
           AND al.start_date <= k.conference_date
           AND (al.end_date IS NULL OR al.end_date > k.conference_date)
         ORDER BY al.start_date DESC, al.id DESC LIMIT 1),
        r.team_id) AS team_id,
    k.id AS subject_id,
    k.conference_date AS event_date,
    CAST(NULL AS VARCHAR(30)) AS category,
    CASE WHEN cc.working_day_ordinal - cs.working_day_ordinal <= %(initial_conference_working_days)s THEN 1 ELSE 0 END
        AS numerator,
    1 AS denominator,
    cc.working_day_ordinal - cs.working_day_ordinal AS days
FROM cases_childprotectionconference k
JOIN cases_section47enquiry s ON s.id = k.section47_enquiry_id
JOIN cases_referral r ON r.id = k.referral_id
JOIN timescales_calendarday cs ON cs.date = s.start_date
JOIN timescales_calendarday cc ON cc.date = k.conference_date
WHERE k.kind = 'initial'
  AND NOT k.is_transfer_in
  AND k.conference_date >= %(date_from)s
  AND k.conference_date <= %(date_to)s
