/** One entry of RTCPeerConnection's iceServers, as handed to browsers. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}
