SELECT auction, bidder, price * 908 / 1000 AS price, `dateTime`, extra FROM bid
