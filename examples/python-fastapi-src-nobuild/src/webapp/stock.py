STOCK = {"bolt-m6": 120, "nut-m6": 340, "washer-m6": 95}
