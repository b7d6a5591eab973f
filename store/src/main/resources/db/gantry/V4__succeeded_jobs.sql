-- Gateways read the jobs that succeeded since their last round (to serve the tuned models):
-- an index on what that query asks, so a round reads only the new ones.
CREATE INDEX ft_jobs_status_finished ON ft_jobs (status, finished_at);
