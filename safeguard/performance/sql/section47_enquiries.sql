-- Section 47 enquiries started (census S47ActualStartDate) in the period, and whether each
-- led to an initial child protection conference within the initial conference clock's working
-- days of its start (initial_conference_working_days, bound from timescales.clocks).
-- One row per enquiry; days: working days to the initial conference, if there was one.
-- Team: the team holding the case on the start date, else the team of the referral.
SELECT
    s.child_id AS child_id,
    COALESCE(
        (SELECT al.team_id FROM cases_allocation al
         WHERE al.child_id = s.child_id
           AND al.start_date <= s.start_date
           AND (al.end_date IS NULL OR al.end_date > s.start_date)
         ORDER BY al.start_date DESC, al.id DESC LIMIT 1),
        r.team_id) AS team_id,
    s.id AS subject_id,
    s.start_date AS event_date,
    CAST(NULL AS VARCHAR(30)) AS category,
    CASE WHEN icpc.first_conference IS NOT NULL
              AND cc.working_day_ordinal - cs.working_day_ordinal <= %(initial_conference_working_days)s
         THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    cc.working_day_ordinal - cs.working_day_ordinal AS days
FROM cases_section47enquiry s
JOIN cases_referral r ON r.id = s.referral_id
JOIN timescales_calendarday cs ON cs.date = s.start_date
LEFT JOIN (
    SELECT k.section47_enquiry_id AS enquiry_id, MIN(k.conference_date) AS first_conference
    FROM cases_childprotectionconference k
    WHERE k.kind = 'initial' AND k.section47_enquiry_id IS NOT NULL
    GROUP BY k.section47_enquiry_id
) icpc ON icpc.enquiry_id = s.id
LEFT JOIN timescales_calendarday cc ON cc.date = icpc.first_conference
WHERE s.start_date >= %(date_from)s
  AND s.start_date <= %(date_to)s
