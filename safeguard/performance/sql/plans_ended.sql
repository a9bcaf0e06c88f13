-- Child protection plans that ended in the period, by how long they lasted (the DfE's bands:
-- 3 months or less, over 3 up to 6 months, over 6 up to 12 months, over 1 up to 2 years,
-- 2 years or more; a band's upper anniversary itself falls in the next band, so a plan
-- ending on its second anniversary lasted 2 years; the bands' months are bound from
-- performance.registry). One row per plan; days: calendar days.
-- Team: the team holding the case on the end date, else the team of the referral.
SELECT
    p.child_id AS child_id,
    COALESCE(
        (SELECT al.team_id FROM cases_allocation al
         WHERE al.child_id = p.child_id
           AND al.start_date <= p.end_date
           AND (al.end_date IS NULL OR al.end_date > p.end_date)
         ORDER BY al.start_date DESC, al.id DESC LIMIT 1),
        r.team_id) AS team_id,
    p.id AS subject_id,
    p.end_date AS event_date,
    CASE
        WHEN p.end_date >= (SELECT MAX(a.date) FROM timescales_calendarday a
                            WHERE a.month_index = cs.month_index + %(plan_band_2y_months)s
                              AND a.day_of_month <= cs.day_of_month) THEN '5_2y_plus'
        WHEN p.end_date >= (SELECT MAX(a.date) FROM timescales_calendarday a
                            WHERE a.month_index = cs.month_index + %(plan_band_1y_months)s
                              AND a.day_of_month <= cs.day_of_month) THEN '4_1y_2y'
        WHEN p.end_date > (SELECT MAX(a.date) FROM timescales_calendarday a
                           WHERE a.month_index = cs.month_index + %(plan_band_6m_months)s
                             AND a.day_of_month <= cs.day_of_month) THEN '3_6m_12m'
        WHEN p.end_date > (SELECT MAX(a.date) FROM timescales_calendarday a
                           WHERE a.month_index = cs.month_index + %(plan_band_3m_months)s
                             AND a.day_of_month <= cs.day_of_month) THEN '2_3m_6m'
        ELSE '1_3m_or_less'
    END AS category,
    1 AS numerator,
    1 AS denominator,
    ce.day_number - cs.day_number AS days
FROM cases_childprotectionplan p
JOIN cases_referral r ON r.id = p.referral_id
JOIN timescales_calendarday cs ON cs.date = p.start_date
JOIN timescales_calendarday ce ON ce.date = p.end_date
WHERE p.end_date >= %(date_from)s
  AND p.end_date <= %(date_to)s
