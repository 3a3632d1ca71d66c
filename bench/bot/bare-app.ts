// The anchor of the acknowledgement benchmark: a Probot 14 app that registers a handler and does nothing,
// served by the same Probot Server class with the same env (PORT, HOST, APP_ID, PRIVATE_KEY, WEBHOOK_SECRET).
// Probot is a dependency of the bot package only; the bench reaches it there rather than adding it twice.
import { type ApplicationFunction, Probot, Server } from "../../bot/node_modules/probot/lib/index.js";

const server = new Server({
  host: process.env.HOST ?? "127.0.0.1",
  port: Number(process.env.PORT),
  Probot: Probot.defaults({
    appId: process.env.APP_ID,
    privateKey: process.env.PRIVATE_KEY,
    secret: process.env.WEBHOOK_SECRET,
    logLevel: "warn",
  }),
  enableStaticFiles: false,
});
const noop: ApplicationFunction = (app) => {
  app.on("issue_comment.created", async () => {});
};
await server.load(noop);
await server.start();
