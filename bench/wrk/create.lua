-- POST /api/v1/records/account with one account as JSON, the same values that the baselines
-- insert (bench/lib/records_sql.sh).
wrk.method = "POST"
wrk.path = "/api/v1/records/account"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name":"PT. Kreasi Bumi Energi","email":"info@kreasibumi.co.id",'
    .. '"phone":"+62 21 5550123","website":"https://www.kreasibumi.co.id",'
    .. '"street":"Jl. Sudirman 52","city":"Jakarta","country":"Indonesia",'
    .. '"industry":"Energy","type":"prospect"}'
