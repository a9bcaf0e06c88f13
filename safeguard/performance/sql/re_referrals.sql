-- Referrals in the period, and whether each came within 12 months of a previous referral
-- of the same child: on or before the 12-month anniversary of it (months clamped to the
-- month's end, as timescales.add_months), the house reading of "within". The 12 months are
-- bound as re_referral_months (performance.registry).
-- One row per referral. Team: the team the referral was made to.
SELECT
    r.child_id AS child_id,
    r.team_id AS team_id,
    r.id AS subject_id,
    r.referral_date AS event_date,
    CAST(NULL AS VARCHAR(30)) AS category,
    CASE WHEN EXISTS (
        -- p's 12-month anniversary is on or after r: p is less than 12 months before r's
        -- month, or exactly 12 months before it on a day of the month not before r's (the
        -- anniversary of 29 February is 28 February: 28 February 2025 is within 12 months
        -- of 29 February 2024; 29 February 2028 is not within 12 months of 28 February 2027).
        SELECT 1
        FROM cases_referral p
        JOIN timescales_calendarday pc ON pc.date = p.referral_date
        WHERE p.child_id = r.child_id
          AND (p.referral_date < r.referral_date
               OR (p.referral_date = r.referral_date AND p.id < r.id))
          AND (pc.month_index > cr.month_index - %(re_referral_months)s
               OR (pc.month_index = cr.month_index - %(re_referral_months)s
                   AND pc.day_of_month >= cr.day_of_month))
    ) THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    CAST(NULL AS INTEGER) AS days
FROM cases_referral r
JOIN timescales_calendarday cr ON cr.date = r.referral_date
WHERE r.referral_date >= %(date_from)s
  AND r.referral_date <= %(date_to)s
