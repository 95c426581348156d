-- q1, currency conversion: each bid's price in euros (cents × 0.908, in whole cents).
-- mode: append
SELECT auction, bidder, price * 908 div 1000 AS price, dateTime, extra FROM bid
