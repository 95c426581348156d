-- q11, user sessions: how many bids each bidder makes in each session of activity
-- (bids less than 10 s of event time apart).
-- mode: complete
SELECT bidder, count(*) AS bid_count, session_window.start AS starttime, session_window.end AS endtime
FROM bid GROUP BY bidder, session_window(dateTime, '10 seconds')
