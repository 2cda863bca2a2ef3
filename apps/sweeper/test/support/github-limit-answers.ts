import type { ServerResponse } from "node:http";

/** GitHub's answers when a limit is hit, with the headers octokit reads. */
export const RATE_LIMITED = {
  primary: (res: ServerResponse) => {
    res.writeHead(403, {
      "content-type": "application/json",
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-used": "5000",
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 1),
      "x-ratelimit-resource": "core",
    });
    res.end(
      JSON.stringify({
        message: "API rate limit exceeded for installation ID 1.",
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
      }),
    );
  },
  secondary: (res: ServerResponse) => {
    res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
    res.end(
      JSON.stringify({
        message:
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        documentation_url:
          "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      }),
    );
  },
  serverError: (res: ServerResponse) => {
    res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: "Server Error" }));
  },
};
