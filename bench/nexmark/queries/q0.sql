-- q0, pass through: every bid, unchanged. Measures reading and writing the events.
-- mode: append
SELECT auction, bidder, price, dateTime, extra FROM bid
