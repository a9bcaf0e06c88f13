-- Referrals (children-in-need episodes, census CINreferralDate) in the period.
-- One row per referral. Team: the team the referral was made to.
SELECT
    r.child_id AS child_id,
    r.team_id AS team_id,
    r.id AS subject_id,
    r.referral_date AS event_date,
    r.primary_need AS category,
    1 AS numerator,
    1 AS denominator,
    CAST(NULL AS INTEGER) AS days
FROM cases_referral r
WHERE r.referral_date >= %(date_from)s
  AND r.referral_date <= %(date_to)s
