import { HomePage } from './components/home/home-page.js';
import { NotFoundPage } from './components/not-found-page.js';
import { RoomRoute } from './components/room-route.js';
import { matchRoute, usePath } from './lib/router.js';

export function App() {
  const route = matchRoute(usePath());
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'room':
      return <RoomRoute key={route.roomId} roomId={route.roomId} />;
    case 'not-found':
      return <NotFoundPage />;
  }
}
