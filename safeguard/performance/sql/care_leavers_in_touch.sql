-- Care leavers aged 19, 20 or 21 on the period's last day, and whether the council was in
-- touch with them, as the SSDA903 return's OC3 table asks it (returns.ssda903.build) and the
-- DfE publishes it (Children looked after in England including adoptions).
-- Who: a young person whose 19th birthday is on or before the last day and whose 22nd is
-- after it, and who is a care leaver by care_leavers.eligibility: looked after for
-- qualifying_days in all from their 14th birthday to their 18th, some of it at 16 or over,
-- a day counted once however many episodes cover it, short breaks (legal statuses V3 and V4,
-- eligibility.SHORT_BREAKS) left out. A birthday is the day people.ages.age_on counts a year
-- older (1 March for someone born on 29 February, in a year without one): the day after the
-- day before the date of birth, N months on (clamped as add_months clamps); the ages are
-- bound in months as age_<n>_months (performance.registry). Left out, as OC3 leaves them out: anyone
-- whose last period of care ended in death (E2), by another council taking over (E3) or in
-- adoption (E11, E12); and, as the DfE's tables leave them out, anyone the return records as
-- having died (DIED) or returned home to their parents for six months or more (RHOM).
-- In touch: as OC3, read at the latest of the 19th, 20th and 21st birthdays, from the contact
-- (care_leavers.CareLeaverContact) nearest that birthday from oc3_months_before before it to
-- oc3_months_after after it (the DfE guide's window; months clamped as add_months clamps),
-- one in touch before one not; with none in the window the council was not in touch.
-- A contact recorded after the last day but inside the window counts, as it does in the
-- return (collected after the year's end).
-- Young people born on or before the calendar's first day (1 January 2000) are not counted:
-- the calendar table holds no row for the day before their date of birth.
-- One row per young person, dated by that birthday. category: the OC3 answer (in touch, not
-- in touch, refuses contact, no longer needs services) or no contact in the window.
-- Team: the team holding the young person's case on the last day (no fallback).
SELECT
    z.child_id AS child_id,
    (SELECT al.team_id FROM cases_allocation al
     WHERE al.child_id = z.child_id
       AND al.start_date <= %(date_to)s
       AND (al.end_date IS NULL OR al.end_date > %(date_to)s)
     ORDER BY al.start_date DESC, al.id DESC LIMIT 1) AS team_id,
    z.child_id AS subject_id,
    z.birthday AS event_date,
    CASE WHEN z.answer = 'YES' THEN 'in_touch'
         WHEN z.answer = 'NO' THEN 'not_in_touch'
         WHEN z.answer = 'REFU' THEN 'refuses_contact'
         WHEN z.answer = 'NREQ' THEN 'no_longer_needs_services'
         ELSE 'no_contact' END AS category,
    CASE WHEN z.answer = 'YES' THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    CAST(NULL AS INTEGER) AS days
FROM (
    SELECT
        w.child_id AS child_id,
        w.birthday AS birthday,
        (SELECT cc.in_touch
         FROM care_leavers_careleavercontact cc
         JOIN timescales_calendarday ck ON ck.date = cc.contact_date
         JOIN timescales_calendarday cw ON cw.date = w.birthday
         WHERE cc.child_id = w.child_id
           AND cc.contact_date >= w.window_from
           AND cc.contact_date <= w.window_to
         ORDER BY CASE WHEN cc.in_touch = 'YES' THEN 0 ELSE 1 END,
                  ABS(ck.day_number - cw.day_number), cc.contact_date, cc.id
         LIMIT 1) AS answer
    FROM (
        SELECT
            y.child_id AS child_id,
            y.birthday AS birthday,
            (SELECT MAX(a.date) FROM timescales_calendarday a
             WHERE a.month_index = cy.month_index - %(oc3_months_before)s
               AND a.day_of_month <= cy.day_of_month) AS window_from,
            (SELECT MAX(a.date) FROM timescales_calendarday a
             WHERE a.month_index = cy.month_index + %(oc3_months_after)s
               AND a.day_of_month <= cy.day_of_month) AS window_to
        FROM (
            SELECT
                x.child_id AS child_id,
                CASE WHEN x.b21 <= %(date_to)s THEN x.b21
                     WHEN x.b20 <= %(date_to)s THEN x.b20
                     ELSE x.b19 END AS birthday,
                x.b14 AS b14,
                x.b16 AS b16,
                x.b18 AS b18
            FROM (
                -- Grouped (one row each anyway) so that PostgreSQL works each birthday out
                -- once rather than again wherever it is used; the ages first, then the rest
                -- for those of 19 to 21 only.
                SELECT
                    a0.child_id AS child_id,
                    a0.b19 AS b19,
                    (SELECT bd.date FROM timescales_calendarday bd
                     WHERE bd.day_number = 1 + (
                         SELECT MAX(a.day_number) FROM timescales_calendarday a
                         WHERE a.month_index = a0.month_index + %(age_14_months)s
                           AND a.day_of_month <= a0.day_of_month)) AS b14,
                    (SELECT bd.date FROM timescales_calendarday bd
                     WHERE bd.day_number = 1 + (
                         SELECT MAX(a.day_number) FROM timescales_calendarday a
                         WHERE a.month_index = a0.month_index + %(age_16_months)s
                           AND a.day_of_month <= a0.day_of_month)) AS b16,
                    (SELECT bd.date FROM timescales_calendarday bd
                     WHERE bd.day_number = 1 + (
                         SELECT MAX(a.day_number) FROM timescales_calendarday a
                         WHERE a.month_index = a0.month_index + %(age_18_months)s
                           AND a.day_of_month <= a0.day_of_month)) AS b18,
                    (SELECT bd.date FROM timescales_calendarday bd
                     WHERE bd.day_number = 1 + (
                         SELECT MAX(a.day_number) FROM timescales_calendarday a
                         WHERE a.month_index = a0.month_index + %(age_20_months)s
                           AND a.day_of_month <= a0.day_of_month)) AS b20,
                    (SELECT bd.date FROM timescales_calendarday bd
                     WHERE bd.day_number = 1 + (
                         SELECT MAX(a.day_number) FROM timescales_calendarday a
                         WHERE a.month_index = a0.month_index + %(age_21_months)s
                           AND a.day_of_month <= a0.day_of_month)) AS b21
                FROM (
                    SELECT
                        p.id AS child_id,
                        cp.month_index AS month_index,
                        cp.day_of_month AS day_of_month,
                        (SELECT bd.date FROM timescales_calendarday bd
                         WHERE bd.day_number = 1 + (
                             SELECT MAX(a.day_number) FROM timescales_calendarday a
                             WHERE a.month_index = cp.month_index + %(age_19_months)s
                               AND a.day_of_month <= cp.day_of_month)) AS b19,
                        (SELECT bd.date FROM timescales_calendarday bd
                         WHERE bd.day_number = 1 + (
                             SELECT MAX(a.day_number) FROM timescales_calendarday a
                             WHERE a.month_index = cp.month_index + %(age_22_months)s
                               AND a.day_of_month <= cp.day_of_month)) AS b22
                    FROM people_person p
                    JOIN timescales_calendarday cb ON cb.date = p.date_of_birth
                    JOIN timescales_calendarday cp ON cp.day_number = cb.day_number - 1
                    WHERE p.id IN (SELECT lp.child_id FROM cases_lookedafterperiod lp)
                      AND p.date_of_birth <= %(date_to)s
                    GROUP BY p.id, cp.month_index, cp.day_of_month
                ) a0
                WHERE a0.b19 <= %(date_to)s
                  AND (a0.b22 IS NULL OR a0.b22 > %(date_to)s)
                GROUP BY a0.child_id, a0.b19, a0.month_index, a0.day_of_month
            ) x
        ) y
        JOIN timescales_calendarday cy ON cy.date = y.birthday
        WHERE COALESCE(
                (SELECT lp.reason_ceased FROM cases_lookedafterperiod lp
                 WHERE lp.child_id = y.child_id
                 ORDER BY lp.start_date DESC, lp.id DESC LIMIT 1), '')
              NOT IN ('E2', 'E3', 'E11', 'E12')
          -- Looked after for the qualifying days in all from 14 to 18, a day counted once.
          AND (SELECT COUNT(DISTINCT d.date)
               FROM cases_placement pl
               JOIN timescales_calendarday d
                 ON d.date >= CASE WHEN pl.start_date > y.b14 THEN pl.start_date ELSE y.b14 END
                AND d.date < CASE WHEN pl.end_date IS NULL OR pl.end_date > y.b18
                                  THEN y.b18 ELSE pl.end_date END
               WHERE pl.child_id = y.child_id
                 AND pl.legal_status NOT IN ('V3', 'V4')) >= %(qualifying_days)s
          -- Some of it at 16 or over.
          AND EXISTS (
              SELECT 1 FROM cases_placement pl
              WHERE pl.child_id = y.child_id
                AND pl.legal_status NOT IN ('V3', 'V4')
                AND pl.start_date < y.b18
                AND (pl.end_date IS NULL
                     OR (pl.end_date > y.b16 AND pl.end_date > pl.start_date)))
    ) w
) z
WHERE z.answer IS NULL OR z.answer NOT IN ('DIED', 'RHOM')
