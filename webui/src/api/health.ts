import { api } from './client'

export interface Health {
  status: string
  version: string
}

export function getHealth(signal?: AbortSignal): Promise<Health> {
  return api.get<Health>('/health', signal)
}
