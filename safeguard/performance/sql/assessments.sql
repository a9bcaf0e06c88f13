-- Assessments completed (authorised, census AssessmentAuthorisationDate) in the period, the
-- working days from the referral to authorisation, and whether that is within the assessment
-- clock (timescales.clocks: assessment_working_days is bound from it).
-- One row per assessment. Team: the team holding the case on the authorisation date, else
-- the team the referral was made to.
SELECT
    a.child_id AS child_id,
    COALESCE(
        (SELECT al.team_id FROM cases_allocation al
         WHERE al.child_id = a.child_id
           AND al.start_date <= a.authorised_date
           AND (al.end_date IS NULL OR al.end_date > a.authorised_date)
         ORDER BY al.start_date DESC, al.id DESC LIMIT 1),
        r.team_id) AS team_id,
    a.id AS subject_id,
    a.authorised_date AS event_date,
    CAST(NULL AS VARCHAR(30)) AS category,
    CASE WHEN ca.working_day_ordinal - cr.working_day_ordinal <= %(assessment_working_days)s THEN 1 ELSE 0 END
        AS numerator,
    1 AS denominator,
    ca.working_day_ordinal - cr.working_day_ordinal AS days
FROM cases_assessment a
JOIN cases_referral r ON r.id = a.referral_id
JOIN timescales_calendarday cr ON cr.date = r.referral_date
JOIN timescales_calendarday ca ON ca.date = a.authorised_date
WHERE a.authorised_date >= %(date_from)s
  AND a.authorised_date <= %(date_to)s
