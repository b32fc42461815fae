import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { assertSameOrigin, logout } from "~/http/session.server";

// Signing out is a POST (the header's "Sign out" button): a link or an image on another site cannot do it.
export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  return logout(request);
}

export async function loader() {
  throw redirect("/");
}
