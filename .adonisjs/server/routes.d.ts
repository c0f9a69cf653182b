import '@adonisjs/core/types/http'

type ParamValue = string | number | bigint | boolean

export type ScannedRoutes = {
  ALL: {
    'health.live': { paramsTuple?: []; params?: {} }
    'health.ready': { paramsTuple?: []; params?: {} }
    'public.home': { paramsTuple?: []; params?: {} }
    'public.theme': { paramsTuple?: []; params?: {} }
    'public.language': { paramsTuple?: []; params?: {} }
    'public.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'admin.sign_in': { paramsTuple?: []; params?: {} }
    'admin.sign_in.store': { paramsTuple?: []; params?: {} }
    'admin.sign_out': { paramsTuple?: []; params?: {} }
    'admin.language': { paramsTuple?: []; params?: {} }
    'admin.tenants.index': { paramsTuple?: []; params?: {} }
    'admin.tenants.create': { paramsTuple?: []; params?: {} }
    'admin.tenants.store': { paramsTuple?: []; params?: {} }
    'admin.tenants.edit': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.update': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.suspend': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.resume': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.domains.store': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.domains.primary': { paramsTuple: [ParamValue,ParamValue]; params: {'slug': ParamValue,'hostname': ParamValue} }
    'admin.domains.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'slug': ParamValue,'hostname': ParamValue} }
    'admin.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
  }
  GET: {
    'health.live': { paramsTuple?: []; params?: {} }
    'health.ready': { paramsTuple?: []; params?: {} }
    'public.home': { paramsTuple?: []; params?: {} }
    'public.theme': { paramsTuple?: []; params?: {} }
    'public.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'admin.sign_in': { paramsTuple?: []; params?: {} }
    'admin.tenants.index': { paramsTuple?: []; params?: {} }
    'admin.tenants.create': { paramsTuple?: []; params?: {} }
    'admin.tenants.edit': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
  }
  HEAD: {
    'health.live': { paramsTuple?: []; params?: {} }
    'health.ready': { paramsTuple?: []; params?: {} }
    'public.home': { paramsTuple?: []; params?: {} }
    'public.theme': { paramsTuple?: []; params?: {} }
    'public.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'admin.sign_in': { paramsTuple?: []; params?: {} }
    'admin.tenants.index': { paramsTuple?: []; params?: {} }
    'admin.tenants.create': { paramsTuple?: []; params?: {} }
    'admin.tenants.edit': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
  }
  POST: {
    'public.language': { paramsTuple?: []; params?: {} }
    'admin.sign_in.store': { paramsTuple?: []; params?: {} }
    'admin.sign_out': { paramsTuple?: []; params?: {} }
    'admin.language': { paramsTuple?: []; params?: {} }
    'admin.tenants.store': { paramsTuple?: []; params?: {} }
    'admin.tenants.suspend': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.resume': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.domains.store': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.domains.primary': { paramsTuple: [ParamValue,ParamValue]; params: {'slug': ParamValue,'hostname': ParamValue} }
  }
  PUT: {
    'admin.tenants.update': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
  }
  DELETE: {
    'admin.domains.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'slug': ParamValue,'hostname': ParamValue} }
  }
}
declare module '@adonisjs/core/types/http' {
  export interface RoutesList extends ScannedRoutes {}
}