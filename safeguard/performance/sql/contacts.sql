-- Contacts received at the front door in the period, and whether each became a referral.
-- One row per contact. Team: the front door that received the contact.
-- Bound: from_moment, to_moment (the period's first and day-after-last local midnights).
SELECT
    c.child_id AS child_id,
    c.team_id AS team_id,
    c.id AS subject_id,
    c.received_at AS event_date,
    CAST(NULL AS VARCHAR(30)) AS category,
    CASE
        WHEN c.decision = 'referral'
            OR EXISTS (SELECT 1 FROM cases_referral r WHERE r.contact_id = c.id)
        THEN 1 ELSE 0
    END AS numerator,
    1 AS denominator,
    CAST(NULL AS INTEGER) AS days
FROM cases_contact c
WHERE c.received_at >= %(from_moment)s
  AND c.received_at < %(to_moment)s
