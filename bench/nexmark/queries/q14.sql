-- q14, calculation: bids of 10,000 to 500,000 euros (in cents), the time of day they came
-- in, and how many 'c's their extra field has (Nexmark's count_char UDF).
-- mode: append
SELECT auction, bidder, price * 908 div 1000 AS price,
  CASE WHEN hour(dateTime) >= 8 AND hour(dateTime) <= 18 THEN 'dayTime'
       WHEN hour(dateTime) <= 6 OR hour(dateTime) >= 20 THEN 'nightTime'
       ELSE 'otherTime' END AS bidTimeType,
  dateTime, extra, length(extra) - length(replace(extra, 'c', '')) AS c_counts
FROM bid WHERE price * 908 div 1000 > 1000000 AND price * 908 div 1000 < 50000000
