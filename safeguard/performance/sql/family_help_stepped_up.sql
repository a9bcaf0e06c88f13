-- Children whose family help (early help) ended in the period, and whether they were stepped
-- up to children's social care within 12 months: their early help episode ended "stepped up"
-- (SSD earl_episode_end_reason), or, whatever the reason it ended, the child was referred
-- (a children-in-need episode, census CINreferralDate) on or after the day it ended and on or
-- before that day's 12-month anniversary (months clamped to the month's end, as
-- re_referrals.sql; the 12 months bound as re_referral_months). A referral made while the
-- help was still open is not one "after" it. One row per child's episode, dated by its end.
-- Category: stepped up at the end, referred later within 12 months, or neither.
-- Team: the council team with oversight of the family's help.
SELECT
    x.child_id AS child_id,
    x.team_id AS team_id,
    x.subject_id AS subject_id,
    x.event_date AS event_date,
    CASE
        WHEN x.end_reason = 'stepped_up' THEN 'stepped_up'
        WHEN x.referred = 1 THEN 'referred_within_12_months'
        ELSE 'not_stepped_up'
    END AS category,
    CASE WHEN x.end_reason = 'stepped_up' OR x.referred = 1 THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    CAST(NULL AS INTEGER) AS days
FROM (
    SELECT
        e.child_id AS child_id,
        f.team_id AS team_id,
        e.id AS subject_id,
        e.end_date AS event_date,
        e.end_reason AS end_reason,
        CASE WHEN EXISTS (
            SELECT 1
            FROM cases_referral r
            JOIN timescales_calendarday cr ON cr.date = r.referral_date
            WHERE r.child_id = e.child_id
              AND r.referral_date >= e.end_date
              AND (ce.month_index > cr.month_index - %(re_referral_months)s
                   OR (ce.month_index = cr.month_index - %(re_referral_months)s
                       AND ce.day_of_month >= cr.day_of_month))
        ) THEN 1 ELSE 0 END AS referred
    FROM family_help_earlyhelpepisode e
    JOIN family_help_familyhelpepisode f ON f.id = e.family_help_id
    JOIN timescales_calendarday ce ON ce.date = e.end_date
    WHERE e.end_date >= %(date_from)s
      AND e.end_date <= %(date_to)s
) x
