-- Missing (or away without authorisation) episodes of looked-after children that ended in the
-- period, and whether a return home interview was held within the missing_return_interview
-- clock's days of the return (statutory guidance on children who run away or go missing from
-- home or care, DfE 2014: offered when the child is found, carried out within 72 hours; the
-- record holds days, so three calendar days, bound as missing_return_interview_days from
-- timescales.clocks). Met by the day the interview was held, as on the child's timeline
-- (care.clocks.return_interview_due_items). One row per episode, dated by the day the child
-- returned (care.MissingEpisode.end_date); an episode still open is not counted.
-- The record keeps whether the interview was offered and accepted, and the day it was held,
-- but not the day it was offered: an offer is in time only where the interview itself was
-- held in time, so the numerator counts those; every other answer is a category.
-- category: held in time, held late, accepted with no day held recorded, offered and
-- declined, offered with the answer not recorded, not offered, or nothing recorded yet.
-- days: calendar days from the return to the interview (NULL while none is held).
-- Team: the team holding the case on the day of the return (no fallback: care has no
-- referral).
SELECT
    me.child_id AS child_id,
    (SELECT al.team_id FROM cases_allocation al
     WHERE al.child_id = me.child_id
       AND al.start_date <= me.end_date
       AND (al.end_date IS NULL OR al.end_date > me.end_date)
     ORDER BY al.start_date DESC, al.id DESC LIMIT 1) AS team_id,
    me.id AS subject_id,
    me.end_date AS event_date,
    CASE WHEN me.rhi_date IS NOT NULL
              AND ch.day_number - ce.day_number <= %(missing_return_interview_days)s
              THEN 'held_in_time'
         WHEN me.rhi_date IS NOT NULL THEN 'held_late'
         WHEN me.rhi_accepted IS NOT NULL AND me.rhi_accepted THEN 'accepted_not_held'
         WHEN me.rhi_accepted IS NOT NULL THEN 'declined'
         WHEN me.rhi_offered IS NOT NULL AND me.rhi_offered THEN 'offered_no_answer'
         WHEN me.rhi_offered IS NOT NULL THEN 'not_offered'
         ELSE 'not_recorded' END AS category,
    CASE WHEN me.rhi_date IS NOT NULL
              AND ch.day_number - ce.day_number <= %(missing_return_interview_days)s
         THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    ch.day_number - ce.day_number AS days
FROM care_missingepisode me
JOIN timescales_calendarday ce ON ce.date = me.end_date
LEFT JOIN timescales_calendarday ch ON ch.date = me.rhi_date
WHERE me.end_date >= %(date_from)s
  AND me.end_date <= %(date_to)s
